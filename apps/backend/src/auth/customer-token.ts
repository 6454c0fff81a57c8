import { createSecretKey, type KeyObject } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { CustomerIdSchema } from '@reco/base-tools';

const ISSUER = 'reco';
const AUDIENCE = 'reco-customer';

/** Signed customer tokens (JWT, HS256): `sub` is the customer id; they reach only that customer's data. */
export class CustomerTokens {
  private readonly key: KeyObject;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    if (Buffer.byteLength(secret, 'utf8') < 32) throw new Error('The customer token secret must be at least 32 bytes');
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  async issue(customerId: string): Promise<{ token: string; expiresAt: string }> {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + this.ttlSeconds;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(customerId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** The customer id, or a reason the token is refused. */
  async verify(token: string): Promise<{ customerId: string } | { error: string }> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      const sub = CustomerIdSchema.safeParse(payload.sub);
      return sub.success ? { customerId: sub.data } : { error: 'The token names no valid customer' };
    } catch (err) {
      if (err instanceof errors.JWTExpired) return { error: 'The customer token has expired' };
      return { error: 'The customer token is not valid' };
    }
  }
}

/** Three base64url parts: a JWT rather than an API key. */
export function looksLikeJwt(value: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value);
}
