import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';
import { CustomerIdSchema, type Caller } from '@reco/base-tools';
import { discoverJwksUrl } from './oauth-discovery';
import { OAUTH_ADMIN_SCOPE, OAUTH_CUSTOMER_SCOPE, OAUTH_STAFF_SCOPE, type OAuthResourceSettings } from './oauth-resource';
import { withDeadline } from '../http/with-deadline';

/** Asymmetric algorithms only: a shared-secret (HS*) or unsigned (`none`) token is never the authorization server's. */
const ALLOWED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const CLOCK_TOLERANCE_SECONDS = 30;
/** RFC 9068 §2.1: the JWT access token's `typ` header, which an ID token of the same server does not carry. */
const ACCESS_TOKEN_TYPE = 'at+jwt';

export interface OAuthTokenVerifierOptions {
  /** Per request to the authorization server (metadata, key set). */
  timeoutMs?: number;
  /** Least time between two key-set fetches for a token naming an unknown key (jose's cooldown). */
  cooldownMs?: number;
  /** How long a fetched key set is used before it is fetched again. */
  cacheMaxAgeMs?: number;
}

/**
 * The caller, or why the token is refused. `forged` marks what guessing looks like (a bad
 * signature, an unknown key, a disallowed algorithm) as opposed to a real token of the
 * authorization server that expired or names another audience. `insufficientScope`: a valid token
 * with none of Reco's scopes (the message says which to ask for). `unavailable`: the key set could
 * not be had (its cause is for the log only), which is no fault of the client.
 */
export type OAuthVerification = { caller: Caller } | { error: string; forged: boolean } | { insufficientScope: string } | { unavailable: unknown };

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/** Verifies OAuth 2.1 access tokens (JWT) of one authorization server for this resource, against its JWKS. */
export class OAuthTokenVerifier {
  private readonly timeoutMs: number;
  private readonly cooldownMs: number;
  private readonly cacheMaxAgeMs: number;
  private keySet?: KeySet;
  private pendingKeySet?: Promise<KeySet>;
  /** When a failed discovery may be tried again: until then tokens get 503 at once. */
  private discoveryRetryAt = 0;

  constructor(
    readonly settings: OAuthResourceSettings,
    options: OAuthTokenVerifierOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.cacheMaxAgeMs = options.cacheMaxAgeMs ?? 600_000;
    if (settings.jwksUrl) this.keySet = this.remoteKeySet(settings.jwksUrl);
  }

  /**
   * Whether a presented credential claims to come from the authorization server: a JWT whose
   * (unverified) `iss` is its issuer. Only a routing decision: `verify` then checks everything.
   */
  claimsOurIssuer(credential: string): boolean {
    try {
      return decodeJwt(credential).iss === this.settings.issuer;
    } catch {
      return false;
    }
  }

  async verify(token: string): Promise<OAuthVerification> {
    let keySet: KeySet;
    try {
      keySet = await this.keySetOrDiscover();
    } catch (err) {
      return { unavailable: err };
    }
    let payload: JWTPayload;
    try {
      // jose's own fetch has only a socket idle timeout: a key set that trickles in must not hold the request.
      ({ payload } = await withDeadline(
        jwtVerify(token, keySet, {
          issuer: this.settings.issuer,
          audience: this.settings.resource,
          algorithms: ALLOWED_ALGORITHMS,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['exp', 'sub'],
          ...(this.settings.requireAccessTokenType ? { typ: ACCESS_TOKEN_TYPE } : {}),
        }),
        this.timeoutMs * 2,
        `the authorization server's key set did not arrive within ${this.timeoutMs * 2} ms`,
      ));
    } catch (err) {
      return refusalOf(err, this.settings);
    }
    return callerOf(payload, this.settings.customerClaim);
  }

  private async keySetOrDiscover(): Promise<KeySet> {
    if (this.keySet) return this.keySet;
    if (Date.now() < this.discoveryRetryAt) throw new Error('the key set discovery failed recently; waiting before trying again');
    this.pendingKeySet ??= discoverJwksUrl(this.settings.issuer, this.timeoutMs)
      .then((url) => (this.keySet = this.remoteKeySet(url)))
      .catch((err: unknown) => {
        this.discoveryRetryAt = Date.now() + Math.min(this.cooldownMs, 10_000);
        throw err;
      })
      .finally(() => (this.pendingKeySet = undefined));
    return this.pendingKeySet;
  }

  private remoteKeySet(url: string): KeySet {
    return createRemoteJWKSet(new URL(url), { timeoutDuration: this.timeoutMs, cooldownDuration: this.cooldownMs, cacheMaxAge: this.cacheMaxAgeMs });
  }
}

/**
 * `reco:admin` → admin, `reco:staff` → service, `reco:customer` → the customer its customer claim
 * names (their own data only). Nothing without one of them: whoever the token names is no caller.
 */
function callerOf(payload: JWTPayload, customerClaim: string): OAuthVerification {
  const sub = payload.sub ?? '';
  if (!sub) return { error: 'The access token has an empty subject (sub)', forged: false };
  const scopes = scopesOf(payload);
  if (scopes.has(OAUTH_ADMIN_SCOPE)) return { caller: { kind: 'admin', keyId: `oauth:${sub}` } };
  if (scopes.has(OAUTH_STAFF_SCOPE)) return { caller: { kind: 'service', keyId: `oauth:${sub}` } };
  if (!scopes.has(OAUTH_CUSTOMER_SCOPE)) {
    return { insufficientScope: `The access token has none of Reco's scopes (${OAUTH_CUSTOMER_SCOPE}, ${OAUTH_STAFF_SCOPE}, ${OAUTH_ADMIN_SCOPE}); ask the authorization server for ${OAUTH_CUSTOMER_SCOPE}` };
  }
  // Own claims only: a name such as `constructor` must not reach the object's prototype.
  const claimed = Object.hasOwn(payload, customerClaim) ? payload[customerClaim] : undefined;
  const claim = `customer claim (${customerClaim})`;
  if (claimed === undefined) return { error: `The access token has scope ${OAUTH_CUSTOMER_SCOPE} but no ${claim}`, forged: false };
  if (typeof claimed !== 'string') return { error: `The access token's ${claim} must be a string, not ${describeType(claimed)}`, forged: false };
  const customerId = CustomerIdSchema.safeParse(claimed);
  if (!customerId.success) return { error: `The access token's ${claim} is not a valid customer id: ${customerId.error.issues[0]?.message ?? 'invalid'}`, forged: false };
  return { caller: { kind: 'customer', customerId: customerId.data } };
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** `scope` is space-separated (RFC 9068 §2.2.3); some servers send `scp`, a list, instead. */
function scopesOf(payload: JWTPayload): Set<string> {
  const raw = payload['scope'] ?? payload['scp'];
  const list = typeof raw === 'string' ? raw.split(' ') : Array.isArray(raw) ? raw.filter((s): s is string => typeof s === 'string') : [];
  return new Set(list.filter(Boolean));
}

function refusalOf(err: unknown, settings: OAuthResourceSettings): OAuthVerification {
  if (err instanceof errors.JWTExpired) return { error: 'The access token has expired', forged: false };
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return { error: `The access token is not for this resource (its audience must be ${settings.resource})`, forged: false };
    if (err.claim === 'iss') return { error: `The access token was not issued by ${settings.issuer}`, forged: false };
    if (err.claim === 'typ') return { error: `The token is not an access token: its typ header must be ${ACCESS_TOKEN_TYPE} (RFC 9068), which an ID token or other JWT is not`, forged: false };
    if (err.reason === 'missing') return { error: `The access token has no ${err.claim} claim`, forged: false };
    return { error: `The access token's ${err.claim} claim is not valid (${err.reason})`, forged: false };
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return { error: `The access token's algorithm is not allowed (one of ${ALLOWED_ALGORITHMS.join(', ')})`, forged: true };
  if (err instanceof errors.JWKSNoMatchingKey) return { error: "The access token's signing key is not in the authorization server's key set", forged: true };
  if (err instanceof errors.JWSSignatureVerificationFailed) return { error: "The access token's signature does not verify", forged: true };
  // Signed by the authorization server but not a usable JWT (claims that are no JSON object, wrong types).
  if (err instanceof errors.JWTInvalid) return { error: 'The access token is not a valid JWT', forged: false };
  if (err instanceof errors.JWSInvalid || err instanceof errors.JOSENotSupported || err instanceof errors.JWKSMultipleMatchingKeys) {
    return { error: 'The access token is malformed', forged: true };
  }
  // Anything else is the key set's fault: unreachable, too slow, not 200, not a key set.
  return { unavailable: err };
}
