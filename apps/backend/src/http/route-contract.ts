import type { z } from 'zod';

/** Who may call a route: anyone, any authenticated caller, a staff key (service or admin), or an admin key. */
export type RouteAccess = 'public' | 'authenticated' | 'staff' | 'admin';

/**
 * One route's whole contract: the schemas the route parses with are the ones the OpenAPI document
 * is generated from, so the two cannot drift apart.
 */
export interface RouteContract<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Express pattern, e.g. `/api/products/:id` (or `/health/live`, `/mcp` outside /api); also the metrics label. */
  path: string;
  summary: string;
  tag: string;
  access: RouteAccess;
  /** Also takes OAuth 2.1 access tokens (/mcp, when the server has an authorization server). */
  oauth?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  /** The body may be left out (the route reads an absent body as `{}`). */
  bodyOptional?: boolean;
  /** The 200 body; absent for streams and raw answers (described by `produces`). */
  response?: R;
  /** Success status when not 200 (202 for jobs, 201 for created). */
  okStatus?: number;
  /** The tool whose data is the 200 body: the document uses that tool's output schema. */
  tool?: string;
  /** Content type of a non-JSON answer (e.g. `text/event-stream`). */
  produces?: string;
  /** Content types of a non-JSON request body (e.g. a CSV upload). */
  consumes?: string[];
  /**
   * A read-only GET whose 200 answers may be served again for a fraction of a second to callers
   * who see the same data (see ResponseCache); writes through the API drop them.
   */
  cacheable?: boolean;
  /** Statuses besides 200 this route answers on purpose, for the document. */
  errors?: number[];
  /** The body of the `errors` statuses when it is not the usual error body (a tool's failure, a health report). */
  errorBody?: z.ZodType;
}

export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  contract: RouteContract<P, Q, B, R>,
): RouteContract<P, Q, B, R> {
  return contract;
}
