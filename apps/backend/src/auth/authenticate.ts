import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { canReadCustomer, type Caller } from '@reco/base-tools';
import { HttpError } from '../http/http-error';
import { callerOf } from '../http/request-context';
import type { AuthFailureLimit } from '../limits/auth-failure-limit';
import type { ApiKeyStore } from './api-key-store';
import { looksLikeJwt, type CustomerTokens } from './customer-token';
import { bearerChallenge, insufficientScopeChallenge } from './oauth-resource';
import type { OAuthTokenVerifier } from './oauth-token-verifier';

export interface Authenticator {
  keys: ApiKeyStore;
  customerTokens?: CustomerTokens;
  /** OAuth 2.1 access tokens of the configured authorization server (OAUTH_ISSUER); only routes that ask take them. */
  oauth?: OAuthTokenVerifier;
  /** Limits failed authentication per client address; absent: failures are not limited. */
  failures?: AuthFailureLimit;
}

/** A 401 for a presented credential that is not ours (unknown key, forged token): what a guess looks like. */
class UnknownCredential extends HttpError {
  constructor(message: string) {
    super(401, 'UNAUTHENTICATED', message);
  }
}

export interface AuthenticateOptions {
  /**
   * This route takes OAuth access tokens too (/mcp: the resource they are issued for), and its 401
   * names the protected-resource metadata MCP clients discover the authorization server from.
   */
  oauth?: boolean;
}

/**
 * A 403 for a valid access token without any of Reco's scopes: the client may ask for one (its
 * challenge says which). Not a guess: the signature verified.
 */
class InsufficientScope extends HttpError {
  constructor(message: string) {
    super(403, 'FORBIDDEN', message);
  }
}

/** Seconds a client is told to wait when the authorization server's key set cannot be had. */
const KEY_SET_RETRY_SECONDS = 5;

/**
 * Sets `req.caller` from `Authorization: Bearer <api key | customer token | access token>`; a
 * request without one, or with one that does not verify, gets 401; an access token without any of
 * Reco's scopes gets 403 with an insufficient_scope challenge. A client address past the
 * failed-attempt limit gets 429 with Retry-After for the rest of the window, whatever it sends.
 */
export function authenticate(auth: Authenticator, options: AuthenticateOptions = {}): RequestHandler {
  const failures = auth.failures;
  const oauth = options.oauth ? auth.oauth : undefined;
  return (req: Request, res: Response, next: NextFunction) => {
    const closedFor = failures?.closedFor(req);
    if (closedFor !== undefined) return next(tooManyFailures(res, closedFor));
    const accept = (caller: Caller) => {
      (req as Request & { caller?: Caller }).caller = caller;
      next();
    };
    const challenge = (err: unknown) => {
      if (err instanceof InsufficientScope && oauth) res.setHeader('WWW-Authenticate', insufficientScopeChallenge(oauth.settings));
      else if (err instanceof HttpError && err.status === 401) res.setHeader('WWW-Authenticate', bearerChallenge(oauth?.settings, Boolean(req.headers.authorization)));
      next(err);
    };
    const reject = (err: unknown) => {
      if (!failures || !(err instanceof UnknownCredential)) return challenge(err);
      failures.recordFailure(req, req.log).then(
        (waitSeconds) => (waitSeconds === undefined ? challenge(err) : next(tooManyFailures(res, waitSeconds))),
        () => challenge(err),
      );
    };
    // API keys verify synchronously (a hash and compares); only tokens need a promise.
    let identified: Caller | Promise<Caller>;
    try {
      identified = identify(auth, req.headers.authorization, oauth);
    } catch (err) {
      return reject(err);
    }
    if (identified instanceof Promise) identified.then(accept, reject);
    else accept(identified);
  };
}

/** `oauth`: the verifier when this route takes access tokens. */
function identify(auth: Authenticator, header: string | undefined, oauth: OAuthTokenVerifier | undefined): Caller | Promise<Caller> {
  if (!header) throw HttpError.unauthorized(`An API key${oauth ? ', customer token or OAuth access token' : ' or customer token'} is required (Authorization: Bearer ...)`);
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw HttpError.unauthorized('The Authorization header must be "Bearer <key or token>"');
  const credential = match[1];
  // Which verifier by the token's own (unverified) issuer; that verifier then checks everything.
  if (auth.oauth?.claimsOurIssuer(credential)) {
    if (!oauth) throw HttpError.unauthorized('OAuth access tokens are taken at /mcp only (the resource they are issued for); send an API key or customer token');
    return oauth.verify(credential).then((verified): Caller => {
      if ('caller' in verified) return verified.caller;
      if ('unavailable' in verified) throw HttpError.dependencyUnavailable(KEY_SET_RETRY_SECONDS, verified.unavailable);
      if ('insufficientScope' in verified) throw new InsufficientScope(verified.insufficientScope);
      throw verified.forged ? new UnknownCredential(verified.error) : HttpError.unauthorized(verified.error);
    });
  }
  if (looksLikeJwt(credential)) {
    const notOurs = oauth ? `The token is neither an access token of ${oauth.settings.issuer} nor a valid customer token` : undefined;
    if (!auth.customerTokens) throw new UnknownCredential(notOurs ?? 'Customer tokens are not enabled on this server');
    return auth.customerTokens.verify(credential).then((verified): Caller => {
      if ('error' in verified) throw verified.forged ? new UnknownCredential(notOurs ?? verified.error) : HttpError.unauthorized(verified.error);
      return { kind: 'customer', customerId: verified.customerId };
    });
  }
  const key = auth.keys.verify(credential);
  if (!key) throw new UnknownCredential('The API key is not valid');
  return key.role === 'admin' ? { kind: 'admin', keyId: key.id } : { kind: 'service', keyId: key.id };
}

function tooManyFailures(res: Response, retryAfterSeconds: number): HttpError {
  res.setHeader('Retry-After', String(retryAfterSeconds));
  return new HttpError(429, 'RATE_LIMITED', `Too many failed authentications from this address; retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
}

/** Only admin keys pass. */
export const requireAdmin: RequestHandler = (req, _res, next) => {
  const caller = callerOf(req);
  next(caller.kind === 'admin' ? undefined : HttpError.forbidden('This route needs an admin key'));
};

/** Staff keys (service, admin) pass; customer tokens do not. */
export const requireStaff: RequestHandler = (req, _res, next) => {
  const kind = callerOf(req).kind;
  next(kind === 'admin' || kind === 'service' ? undefined : HttpError.forbidden('This route needs a service or admin key'));
};

/** Route-level guard before any work: a customer token reaches only its own customer. */
export function assertCanReadCustomer(req: Request, customerId: string): void {
  if (!canReadCustomer(callerOf(req), customerId)) {
    throw HttpError.forbidden(`This caller may not read the data of customer ${JSON.stringify(customerId)}`);
  }
}

/** A stable identity for rate limiting and logs: the key id, the customer, or the client address. */
export function callerKey(req: Request): string {
  const caller = callerOf(req);
  switch (caller.kind) {
    case 'admin':
    case 'service':
      return `key:${caller.keyId}`;
    case 'customer':
      return `customer:${caller.customerId}`;
    case 'anonymous':
      return `ip:${req.ip ?? 'unknown'}`;
  }
}
