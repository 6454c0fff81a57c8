import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { fieldIssues, type FieldIssue } from '@reco/base-tools';
import { requireAdmin, requireStaff } from '../auth/authenticate';
import type { ApiRoutes } from './api-routes';
import { HttpError } from './http-error';
import type { RouteContract } from './route-contract';
import { sendJson } from './send-json';

/** Where the API routes are mounted: contracts carry full paths (for the document), routes are relative to it. */
export const API_BASE = '/api';

const METHODS = { get: 'GET', post: 'POST', put: 'PUT', delete: 'DELETE' } as const;

/**
 * The tag of the product catalogue's reads (product, search, similar, bought together, popular):
 * the same answer for every caller and no customer's data, so a client may store them, asking again
 * before each reuse (`no-cache`: a live event still changes the next answer). Every other API answer
 * keeps the front matter's `no-store`.
 */
const CATALOGUE_TAG = 'products';

export interface ParsedRequest<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  req: Request;
  res: Response;
}

type Out<T> = NonNullable<T> extends z.ZodType ? z.output<NonNullable<T>> : undefined;

/**
 * Mounts `handler` on the API routes for `contract`: params, query and body are parsed with the
 * contract's schemas (one 400 naming every bad field of all three), then the handler runs.
 */
export function mount<C extends RouteContract>(
  router: ApiRoutes,
  contract: C,
  handler: (input: ParsedRequest<Out<C['params']>, Out<C['query']>, Out<C['body']>>) => Promise<unknown>,
  ...before: RequestHandler[]
): void {
  addRoute(router, contract, (req, res) => {
    const issues: (FieldIssue & { in: string })[] = [];
    const parse = (schema: z.ZodType | undefined, value: unknown, where: string): unknown => {
      if (!schema) return undefined;
      const parsed = schema.safeParse(value ?? {});
      if (parsed.success) return parsed.data;
      issues.push(...fieldIssues(parsed.error).map((i) => ({ ...i, in: where })));
      return undefined;
    };
    const params = parse(contract.params, req.params, 'path');
    const query = parse(contract.query, req.query, 'query');
    const body = parse(contract.body, req.body, 'body');
    if (issues.length > 0) throw HttpError.badRequest(issues);
    return handler({ params, query, body, req, res } as ParsedRequest<Out<C['params']>, Out<C['query']>, Out<C['body']>>);
  }, before);
}

const GUARDS: Partial<Record<RouteContract['access'], RequestHandler>> = { admin: requireAdmin, staff: requireStaff };

/**
 * What every API route shares: admin routes need an admin key, staff routes a service or admin key, then `before` runs, then a
 * cacheable route may answer from the response cache, else `run` does, and its value is answered
 * as JSON. A route that answers by itself (a stream) returns undefined after writing.
 */
export function addRoute(router: ApiRoutes, contract: RouteContract, run: (req: Request, res: Response) => Promise<unknown>, before: readonly RequestHandler[]): void {
  if (!contract.path.startsWith(`${API_BASE}/`)) throw new Error(`Route ${contract.path} is not under ${API_BASE}`);
  const guard = GUARDS[contract.access];
  const guards = guard ? [guard, ...before] : before;
  const cache = contract.cacheable && contract.method === 'get' ? router.responseCache : undefined;
  const isCatalogueRead = contract.method === 'get' && contract.tag === CATALOGUE_TAG;
  router.add(METHODS[contract.method], contract.path.slice(API_BASE.length), { isPublic: contract.access === 'public' }, [...guards, async (req: Request, res: Response) => {
    if (isCatalogueRead) res.setHeader('Cache-Control', 'no-cache');
    // After authentication, limits and guards; before parsing, which the stored answer already passed.
    if (cache?.answer(req, res)) return;
    const result = await run(req, res);
    if (result === undefined || res.headersSent) return;
    if (cache) cache.store(req, res, result);
    else sendJson(res, result);
  }]);
}
