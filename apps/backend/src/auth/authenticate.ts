import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { canReadCustomer, type Caller } from '@reco/base-tools';
import { HttpError } from '../http/http-error';
import { callerOf } from '../http/request-context';
import type { ApiKeyStore } from './api-key-store';
import { looksLikeJwt, type CustomerTokens } from './customer-token';

export interface Authenticator {
  keys: ApiKeyStore;
  customerTokens?: CustomerTokens;
}

/**
 * Sets `req.caller` from `Authorization: Bearer <api key | customer token>`; a request without
 * one, or with one that does not verify, gets 401.
 */
export function authenticate(auth: Authenticator): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const accept = (caller: Caller) => {
      (req as Request & { caller?: Caller }).caller = caller;
      next();
    };
    const reject = (err: unknown) => {
      if (err instanceof HttpError && err.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="reco"');
      next(err);
    };
    // API keys verify synchronously (a hash and compares); only customer tokens need a promise.
    let identified: Caller | Promise<Caller>;
    try {
      identified = identify(auth, req.headers.authorization);
    } catch (err) {
      return reject(err);
    }
    if (identified instanceof Promise) identified.then(accept, reject);
    else accept(identified);
  };
}

function identify(auth: Authenticator, header: string | undefined): Caller | Promise<Caller> {
  if (!header) throw HttpError.unauthorized('An API key or customer token is required (Authorization: Bearer ...)');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw HttpError.unauthorized('The Authorization header must be "Bearer <key or token>"');
  const credential = match[1];
  if (looksLikeJwt(credential)) {
    if (!auth.customerTokens) throw HttpError.unauthorized('Customer tokens are not enabled on this server');
    return auth.customerTokens.verify(credential).then((verified): Caller => {
      if ('error' in verified) throw HttpError.unauthorized(verified.error);
      return { kind: 'customer', customerId: verified.customerId };
    });
  }
  const key = auth.keys.verify(credential);
  if (!key) throw HttpError.unauthorized('The API key is not valid');
  return key.role === 'admin' ? { kind: 'admin', keyId: key.id } : { kind: 'service', keyId: key.id };
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
