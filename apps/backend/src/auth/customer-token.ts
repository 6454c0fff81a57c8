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

  /**
   * The customer id, or why the token is refused. `forged` says whether its signature failed (or
   * it is no JWT at all): what guessing looks like, as opposed to a token of ours that expired.
   * A token must carry `exp`: one without would never expire.
   */
  async verify(token: string): Promise<{ customerId: string } | { error: string; forged: boolean }> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], requiredClaims: ['exp'] });
      const sub = CustomerIdSchema.safeParse(payload.sub);
      return sub.success ? { customerId: sub.data } : { error: 'The token names no valid customer', forged: false };
    } catch (err) {
      if (err instanceof errors.JWTExpired) return { error: 'The customer token has expired', forged: false };
      // Claims are checked only once the signature holds.
      if (err instanceof errors.JWTClaimValidationFailed) {
        return { error: err.claim === 'exp' && err.reason === 'missing' ? 'The customer token has no expiry (exp)' : 'The customer token is not valid', forged: false };
      }
      return { error: 'The customer token is not valid', forged: true };
    }
  }
}

/** Three base64url parts: a JWT rather than an API key. */
export function looksLikeJwt(value: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value);
}
