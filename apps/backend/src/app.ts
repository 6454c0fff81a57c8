import path from 'node:path';
import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { ToolRegistry } from '@reco/base-tools';
import { InProcessJobQueue, type JobQueue } from '@reco/jobs';
import type { HealthCheck } from '@reco/runtime';
import { authenticate, callerKey, requireAdmin, requireStaff, type Authenticator } from './auth/authenticate';
import { OAUTH_METADATA_PATHS, oauthMetadataRoutes } from './auth/oauth-metadata.routes';
import { DOCUMENTED_CONTRACTS } from './contracts/api-contracts';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { ApiRoutes } from './http/api-routes';
import { ResponseCache } from './http/response-cache';
import { inOneLayer } from './http/run-chain';
import { sendJson } from './http/send-json';
import { API_BASE } from './http/typed-handler';
import { requestIdFor } from './http/request-context';
import { rateLimit } from './limits/rate-limit';
import type { RateLimitStore } from './limits/rate-limit-store';
import { requestTimeout } from './limits/request-timeout';
import { mcpEndpoint } from './mcp/mcp-endpoint';
import { mcpErrorHandler } from './mcp/mcp-errors';
import { mcpSurfaceParts } from './mcp/mcp-parts';
import type { McpOriginPolicy } from './mcp/mcp-origin-guard';
import type { AppMetrics } from './metrics/metrics';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { adminRoutes } from './routes/admin.routes';
import { agentRoutes } from './routes/agent.routes';
import { catalogRoutes } from './routes/catalog.routes';
import { eventsRoutes } from './routes/events.routes';
import { healthRoutes } from './routes/health.routes';
import { merchandisingRoutes } from './routes/merchandising.routes';
import { metricsRoutes } from './routes/metrics.routes';
import { placementsRoutes } from './routes/placements.routes';
import { productsRoutes } from './routes/products.routes';
import { sessionsRoutes } from './routes/sessions.routes';
import { toolsRoutes } from './routes/tools.routes';
import { usersRoutes } from './routes/users.routes';
import { NO_SERVICES, type AppServices } from './services/app-services';

export interface AppDeps {
  logger: Logger;
  registry: ToolRegistry;
  healthChecks: readonly HealthCheck[];
  isAcceptingTraffic?: () => boolean;
  /** Largest JSON body in bytes, at /api and /mcp alike (default 1 MiB). */
  bodyLimit?: number;
  /**
   * Keys and customer tokens for /api and /mcp. Absent (tests of the HTTP plumbing only): every
   * caller is anonymous, so tools refuse customer data and admin routes answer 403.
   */
  auth?: Authenticator;
  /** Agent, recommendation service, database, cache: resolved when a route runs. */
  services?: AppServices;
  metrics?: AppMetrics;
  /** A tracing SDK runs: each matched API route gets its own span (default false). */
  tracing?: boolean;
  /** Serve /metrics without a key (default true). */
  metricsPublic?: boolean;
  rateLimit?: { store: RateLimitStore; perMinute: number };
  requestTimeoutMs?: number;
  /** Proxies whose X-Forwarded-For names the client (Express's `trust proxy`); default loopback. */
  trustProxy?: false | number | string | string[];
  /** Browser origins allowed to call the API; none: same origin only. */
  corsOrigins?: readonly string[];
  /** Hosts and browser origins /mcp answers (DNS-rebinding protection); absent: loopback only. */
  mcpOrigins?: McpOriginPolicy;
  importMaxBytes?: number;
  /** Where admin routes submit long work and read it back (any instance). Absent: a queue nobody runs. */
  jobs?: JobQueue;
  version?: string;
  /** Serve cacheable GET answers again for this long (see ResponseCache); 0 or absent: off. */
  responseCacheMs?: number;
  /** Serve the MCP conformance suite's reference fixtures at /mcp (MCP_CONFORMANCE_FIXTURES; never in production). */
  mcpConformanceFixtures?: boolean;
}

/** Routes the app serves outside the API router (pages and static files aside): the document describes them too. */
const SERVICE_ROUTES = ['GET /health/live', 'GET /health/ready', 'GET /metrics', 'POST /mcp', ...OAUTH_METADATA_PATHS.map((p) => `GET ${p}`)];
const SERVED = new WeakMap<Express, readonly string[]>();

/** Every route `app` serves as `METHOD /pattern` (Express patterns), the pages and static files aside. */
export function servedRoutesOf(app: Express): readonly string[] {
  return SERVED.get(app) ?? [];
}

/** Swagger UI's files, from the swagger-ui-dist package in node_modules (no CDN): only the two the docs page loads. */
const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const SWAGGER_UI_FILES = new Set(['swagger-ui-bundle.js', 'swagger-ui.css']);

/** Where the dashboard and docs pages live: beside this file in the sources and in the build. */
export const STATIC_DIR = path.join(__dirname, 'dashboard');

// Long-lived answers: a stream, an upload, the MCP transport (its own timeouts per call).
const NO_TIMEOUT = (p: string) => p === '/api/agent/chat/stream' || p === '/api/admin/import' || p === '/mcp';

/**
 * JSON answers need no page policies: what helmet would add that matters for them, set once. And
 * no cache may keep an API answer (customers' data, admin views, errors) unless its route says it
 * holds none: catalogue reads relax this (see addRoute).
 */
function apiHeaders(res: express.Response, next: express.NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  next();
}

/** The HTTP layer: routes parse, call a lib, answer. Everything it needs comes in `deps`. */
export function createApp(deps: AppDeps): Express {
  const services = deps.services ?? NO_SERVICES;
  const jobs = deps.jobs ?? new InProcessJobQueue();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? 'loopback');
  // JSON answers are not cached by validators: hashing every body for an ETag costs more than it saves.
  app.set('etag', false);
  const pageHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      // The dashboard's own script and styles only; plain-HTTP deployments must not be upgraded.
      directives: { 'script-src': ["'self'"], 'style-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null },
    },
  });
  // Every request's front matter in one layer: headers, latency metric, request id and logger, timeout.
  const front: RequestHandler[] = [
    (req, res, next) => (req.path.startsWith('/api/') && req.path !== '/api/openapi.json' ? apiHeaders(res, next) : pageHeaders(req, res, next)),
  ];
  if (deps.metrics) front.push(deps.metrics.httpMiddleware());
  if (deps.logger.isLevelEnabled('info')) {
    front.push(
      pinoHttp({
        logger: deps.logger,
        genReqId: requestIdFor,
        autoLogging: { ignore: (req) => (req.url?.startsWith('/health/') || req.url === '/metrics') ?? false },
      }),
    );
  } else {
    // Request logs are info: above that level pino-http would serialise every request for nothing.
    front.push((req, res, next) => {
      req.id = requestIdFor(req, res);
      req.log = deps.logger;
      next();
    });
  }
  if (deps.requestTimeoutMs) front.push(requestTimeout(deps.requestTimeoutMs, NO_TIMEOUT));
  app.use(inOneLayer(...front));
  if (deps.corsOrigins?.length) {
    app.use(
      ['/api', '/mcp'],
      cors({
        origin: [...deps.corsOrigins],
        allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'Mcp-Protocol-Version', 'Mcp-Method', 'Mcp-Name'],
        exposedHeaders: ['X-Request-Id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After', 'Location'],
        maxAge: 600,
      }),
    );
  }

  const authenticated: RequestHandler[] = [];
  // Only /mcp takes OAuth access tokens (the resource they are issued for); its 401 names their metadata.
  const mcpAuthenticated: RequestHandler[] = [];
  if (deps.auth) {
    authenticated.push(authenticate(deps.auth));
    mcpAuthenticated.push(authenticate(deps.auth, { oauth: true }));
  }
  if (deps.rateLimit && deps.rateLimit.perMinute > 0) {
    const perCaller = rateLimit({ store: deps.rateLimit.store, limit: deps.rateLimit.perMinute, keyOf: callerKey, logger: deps.logger });
    authenticated.push(perCaller);
    mcpAuthenticated.push(perCaller);
  }
  const bodyLimit = deps.bodyLimit ?? 1024 * 1024;
  const parseJson = express.json({ limit: bodyLimit });
  // GET and HEAD carry no body: skip the parser's stream checks on the requests that matter most.
  const jsonBody: RequestHandler = (req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? next() : parseJson(req, res, next));

  // The API first: its requests are the ones that must be cheap. Every route but the description
  // needs a key or customer token and gets per-caller limits, then the body.
  const responseCache = deps.responseCacheMs ? new ResponseCache({ maxAgeMs: deps.responseCacheMs }) : undefined;
  const api = new ApiRoutes(API_BASE, [...authenticated, jsonBody], responseCache, deps.tracing ?? false);
  const openApi = buildOpenApiDocument(DOCUMENTED_CONTRACTS, { registry: deps.registry, version: deps.version });
  api.add('GET', '/openapi.json', { isPublic: true }, [(_req, res) => sendJson(res, openApi)]);
  toolsRoutes(api, deps.registry);
  productsRoutes(api, deps.registry);
  usersRoutes(api, { registry: deps.registry, services, customerTokens: deps.auth?.customerTokens });
  sessionsRoutes(api, deps.registry);
  placementsRoutes(api, deps.registry);
  catalogRoutes(api, services);
  eventsRoutes(api, services);
  agentRoutes(api, services);
  if (deps.metrics) {
    const metrics = deps.metrics;
    api.get('/metrics/summary', requireStaff, async (_req, res) => {
      res.json(await metrics.summary());
    });
  }
  adminRoutes(api, { services, jobs, importMaxBytes: deps.importMaxBytes ?? 512 * 1024 ** 2 });
  merchandisingRoutes(api, services);
  app.use(api.handle);

  // Public: health, the docs page, metrics (unless they need the admin key), and (last, below) the dashboard's files.
  app.use(oauthMetadataRoutes(deps.auth?.oauth?.settings));
  app.use('/health', healthRoutes({ healthChecks: deps.healthChecks, isAcceptingTraffic: deps.isAcceptingTraffic ?? (() => true) }));
  app.get('/docs', (_req, res) => res.sendFile(path.join(STATIC_DIR, 'docs.html')));
  app.get('/docs/swagger-ui/:file', (req, res, next) => {
    const file = SWAGGER_UI_FILES.has(String(req.params['file'])) ? String(req.params['file']) : undefined;
    if (!file) return next();
    res.sendFile(path.join(SWAGGER_UI_DIR, file), { maxAge: '1h' });
  });
  if (deps.metrics) {
    const metrics = deps.metrics;
    if (deps.metricsPublic ?? true) app.use('/metrics', metricsRoutes(metrics));
    else app.use('/metrics', ...authenticated, requireAdmin, metricsRoutes(metrics));
  }
  // No body parser: the MCP SDK reads the body, so malformed JSON is JSON-RPC's -32700; errors are JSON-RPC bodies too.
  app.use('/mcp', ...mcpAuthenticated, mcpEndpoint(deps.registry, { version: deps.version, origins: deps.mcpOrigins, logger: deps.logger, maxBodyBytes: bodyLimit, parts: mcpSurfaceParts({ services, conformanceFixtures: deps.mcpConformanceFixtures }) }), mcpErrorHandler);
  // Last: a static lookup costs a file-system call, which API requests should never pay.
  app.use(express.static(STATIC_DIR, { index: 'index.html', maxAge: '5m' }));

  app.use(notFoundHandler);
  app.use(errorHandler);
  SERVED.set(app, [...api.registered, ...SERVICE_ROUTES.filter((r) => r !== 'GET /metrics' || deps.metrics)]);
  return app;
}
