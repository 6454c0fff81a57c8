import type { Request, RequestHandler } from 'express';
import FindMyWay from 'find-my-way';
import type { ResponseCache } from './response-cache';
import { runInRouteSpan } from './route-span';
import { runChain } from './run-chain';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface ApiRoute {
  /** Full pattern, e.g. `/api/users/:id/recommendations`: the metrics label. */
  pattern: string;
  /** Public routes skip the gate (authentication, rate limit, body parsing). */
  isPublic: boolean;
  handlers: RequestHandler[];
}

export interface ApiRouteOptions {
  /** Answer without a key or token (the API description). Default false. */
  isPublic?: boolean;
}

/** Set on a request the API routes matched. */
export function routePatternOf(req: Request): string | undefined {
  return (req as Request & { routePattern?: string }).routePattern;
}

/**
 * The API's routes under one Express middleware: a radix-tree lookup (find-my-way) finds a route in one
 * step, where Express's router walks its layers and nested routers in order, matching each one's
 * regular expression; on a cached answer that walk cost more than the answer. Each request runs the
 * gate (authentication, rate limit, body), then its route's handlers, Express-style: `next(err)`
 * and rejected promises reach the app's error handler. Unknown paths still pass the gate, so
 * they answer 401 without a key and 404 with one.
 */
export class ApiRoutes {
  private readonly tree = FindMyWay({ caseSensitive: true, maxParamLength: 500 });
  private readonly patterns: string[] = [];

  constructor(
    readonly base: string,
    private readonly gate: readonly RequestHandler[],
    /** Where cacheable routes keep their answers; every write through these routes empties it. */
    readonly responseCache?: ResponseCache,
    /** A span per matched route (when a tracing SDK runs); off, the hot path pays nothing for it. */
    private readonly traced = false,
  ) {}

  get(path: string, ...handlers: RequestHandler[]): void {
    this.add('GET', path, {}, handlers);
  }

  post(path: string, ...handlers: RequestHandler[]): void {
    this.add('POST', path, {}, handlers);
  }

  delete(path: string, ...handlers: RequestHandler[]): void {
    this.add('DELETE', path, {}, handlers);
  }

  add(method: Method, path: string, options: ApiRouteOptions, handlers: readonly RequestHandler[]): void {
    const route: ApiRoute = { pattern: `${this.base}${path}`, isPublic: options.isPublic ?? false, handlers: [...handlers] };
    this.patterns.push(`${method} ${route.pattern}`);
    // Express answers HEAD with its GET route; so do we.
    const methods: FindMyWay.HTTPMethod[] = method === 'GET' ? ['GET', 'HEAD'] : [method];
    this.tree.on(methods, path, () => undefined, route);
  }

  /** Every registered route as `METHOD /api/pattern`, in order (the OpenAPI document must describe each). */
  get registered(): readonly string[] {
    return this.patterns;
  }

  /**
   * The Express middleware, used without a mount path: it checks the base itself, which spares
   * every API request Express's path matching and URL rewriting for the mount.
   */
  readonly handle: RequestHandler = (req, res, next) => {
    const path = req.path;
    if (!path.startsWith(this.base) || (path.length > this.base.length && path[this.base.length] !== '/')) return next();
    const found = this.tree.find(req.method as FindMyWay.HTTPMethod, path.slice(this.base.length) || '/');
    if (!found) {
      runChain(this.gate, req, res, next, () => next());
      return;
    }
    const route = found.store as ApiRoute;
    (req as Request & { routePattern?: string }).routePattern = route.pattern;
    const cache = this.responseCache;
    if (cache && req.method !== 'GET' && req.method !== 'HEAD') {
      // Before, and again once the response closes (answered or abandoned, the write may have
      // happened): a read that overlapped the write must not keep what it saw.
      cache.clear();
      res.once('close', () => cache.clear());
    }
    req.params = found.params as Record<string, string>;
    const serve = () => {
      if (route.isPublic) runChain(route.handlers, req, res, next, () => next());
      else runChain(this.gate, req, res, next, () => runChain(route.handlers, req, res, next, () => next()));
    };
    if (this.traced) runInRouteSpan(req, res, route.pattern, serve);
    else serve();
  };
}
