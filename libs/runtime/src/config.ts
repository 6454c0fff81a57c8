import path from 'node:path';
import { z } from 'zod';
import { agentConfigShape } from './modules/agent.config';
import { jobsConfigShape } from './modules/jobs.config';
import { recommendationsConfigShape } from './modules/recommendations.config';
import { searchConfigShape } from './modules/search.config';
import { usersConfigShape } from './modules/users.config';

/**
 * Every setting Reco reads, parsed once from the environment at start-up. Libraries get the
 * parts they need through the container and never read `process.env` themselves.
 * Each key is the environment variable's name; README.md documents them in a table.
 */
const intInRange = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const booleanString = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
/** A DNS name or IP address as a Host header names it, without the port. */
const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$|^\[[0-9a-f:.]+\]$/i;
const parseUrl = (value: string): URL | undefined => {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
};
/** An https URL, or http on this machine (a local authorization server in development), without fragment or credentials. */
const secureUrl = (extra: { query?: boolean } = {}) =>
  z.string().refine((value) => {
    const url = parseUrl(value);
    if (!url || url.hash || url.username || url.password || (url.search && !extra.query)) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
  }, { message: `must be an https URL (http only for 127.0.0.1 or localhost), without ${extra.query ? '' : 'query, '}fragment or credentials`, abort: true });
/** RFC 6749 §3.3 scope tokens. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** Registered claims that never name a customer (RFC 7519 §4.1, RFC 9068 §2.2.3). */
const NOT_A_CUSTOMER_CLAIM = new Set(['iss', 'aud', 'exp', 'nbf', 'iat', 'jti', 'scope', 'scp', 'client_id']);

const ConfigObject = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: intInRange(0, 65_535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Folder for the embedded defaults: SQLite file, local objects, local credentials. */
  DATA_DIR: z.string().min(1).default('./data'),
  /**
   * `postgresql://...` for a PostgreSQL server; `file:<path>` for SQLite. Unset: the embedded
   * SQLite file `<DATA_DIR>/reco.db`.
   */
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: or postgresql://')
    .optional(),
  /** ISO 4217 code of the prices of a product sent without a currency. */
  DEFAULT_CURRENCY: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'must be a three-letter currency code (ISO 4217)')
    .transform((code) => code.toUpperCase())
    .default('GBP'),

  /** `memory` (one process), `redis`, or `tiered` (in-process L1 in front of Redis, for many instances). */
  CACHE_BACKEND: z.enum(['memory', 'redis', 'tiered']).default('memory'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').default('redis://127.0.0.1:6379'),
  /** Prefix of every cache key and channel: one per deployment sharing a Redis. */
  CACHE_KEY_PREFIX: z.string().min(1).max(64).default('reco:'),
  CACHE_DEFAULT_TTL_MS: intInRange(1, 7 * 24 * 3_600_000).default(300_000),
  CACHE_MAX_ENTRIES: intInRange(1, 10_000_000).default(50_000),
  CACHE_MAX_BYTES: intInRange(1_024, 16 * 1024 ** 3).default(64 * 1024 ** 2),
  /** Tiered only: the longest an in-process copy lives (bounds staleness if an invalidation is missed). */
  CACHE_L1_TTL_MS: intInRange(1, 3_600_000).default(5_000),

  /** `local` (a folder) or `s3` (AWS S3 or any S3-compatible store). */
  OBJECT_STORE: z.enum(['local', 's3']).default('local'),
  /** Local store folder; unset: `<DATA_DIR>/objects`. */
  OBJECT_STORE_DIR: z.string().min(1).optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Default: true when S3_ENDPOINT is set (most S3-compatible stores need path-style URLs). */
  S3_FORCE_PATH_STYLE: booleanString.optional(),
  S3_PREFIX: z.string().optional(),

  /** Worker threads for CPU-bound work (training, clustering); unset: the machine's cores. */
  EXECUTOR_THREADS: intInRange(1, 256).optional(),
  /** Default timeout of a worker task (training runs here). */
  EXECUTOR_TASK_TIMEOUT_MS: intInRange(1, 24 * 3_600_000).default(600_000),

  ...searchConfigShape,
  ...usersConfigShape,
  ...recommendationsConfigShape,
  ...agentConfigShape,
  ...jobsConfigShape,

  /**
   * HTTP API keys for deployments: `id:role:sha256hex,...` (role `admin` or `service`; the hash is
   * SHA-256 of the key, hex). Unset in development: local keys are created under DATA_DIR.
   * Required when NODE_ENV=production.
   */
  API_KEYS: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}:(admin|service):[0-9a-fA-F]{64}(,[A-Za-z0-9_-]{1,64}:(admin|service):[0-9a-fA-F]{64})*$/, 'must be id:role:sha256hex, comma-separated (role admin or service)')
    .optional(),
  /** HS256 secret (at least 32 bytes) for customer tokens (JWT, `sub` = customer id). */
  CUSTOMER_TOKEN_SECRET: z.string().min(32, 'must be at least 32 bytes').optional(),
  CUSTOMER_TOKEN_TTL_SECONDS: intInRange(30, 7 * 24 * 3_600).default(900),
  /**
   * Which proxies' X-Forwarded-For is believed for the client's address (per-address rate and
   * failed-login limits): `loopback` (default), addresses or CIDRs such as `10.0.0.0/8` (an
   * ingress's network), a hop count, or `false` (the socket's address only). Never trust what
   * clients can reach directly: they could pick any address.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(false|\d{1,2}|(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?))*)$/, 'must be false, a hop count, or a comma list of loopback, linklocal, uniquelocal, addresses or CIDRs')
    .default('loopback')
    .transform((value): false | number | string[] => (value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value.split(',').map((v) => v.trim()))),
  /** Origins allowed to call the API from a browser, comma-separated; unset: same origin only. */
  CORS_ORIGINS: z.string().optional(),
  /**
   * Host names (no scheme or port; IPv6 in brackets) that /mcp answers under besides localhost,
   * 127.0.0.1, [::1] and a specific HOST, comma-separated: DNS-rebinding protection.
   */
  MCP_ALLOWED_HOSTS: z
    .string()
    .refine((list) => list.split(',').every((host) => HOST_NAME.test(host.trim())), 'must be host names without scheme or port, comma-separated (IPv6 in brackets)')
    .optional(),
  /**
   * Serve the official MCP conformance suite's reference fixtures at /mcp (test_* tools, test://
   * resources, test_* prompts) beside Reco's own: for CI and local conformance runs only.
   */
  MCP_CONFORMANCE_FIXTURES: booleanString.default(false),
  /**
   * OAuth 2.1 for MCP clients: the authorization server whose access tokens (JWT, checked against
   * its key set) /mcp takes, exactly as its tokens name it in `iss`. Unset: no OAuth.
   */
  OAUTH_ISSUER: secureUrl().optional(),
  /** The canonical URL of this server's /mcp, e.g. https://reco.example.com/mcp: the audience tokens must name. */
  OAUTH_RESOURCE: secureUrl()
    .refine((value) => parseUrl(value)?.pathname.replace(/\/$/, '').endsWith('/mcp') ?? false, 'must be the URL of this server\'s /mcp, e.g. https://reco.example.com/mcp')
    .optional(),
  /** The authorization server's key set; unset: its `jwks_uri`, from the issuer's metadata. */
  OAUTH_JWKS_URL: secureUrl({ query: true }).optional(),
  /** The scopes the resource metadata lists, comma-separated; unset: reco:customer, reco:staff, reco:admin. */
  OAUTH_SCOPES: z
    .string()
    .transform((list) => list.split(',').map((scope) => scope.trim()).filter(Boolean))
    .refine((scopes) => scopes.length > 0 && scopes.every((scope) => SCOPE_TOKEN.test(scope)), 'must be scope names (no spaces, quotes or backslashes), comma-separated')
    .optional(),
  /**
   * The claim of a `reco:customer` token that holds the shop's customer id; unset: `sub`. The
   * authorization server must set it from the shop's records, never from what a user chose.
   */
  OAUTH_CUSTOMER_CLAIM: z
    .string()
    .regex(/^[\x21-\x7E]{1,256}$/, 'must be a claim name (printable, no spaces), e.g. customer_id or https://shop.example.com/customer_id')
    .refine((claim) => !NOT_A_CUSTOMER_CLAIM.has(claim), `must not be one of ${[...NOT_A_CUSTOMER_CLAIM].join(', ')} (they say who issued the token, for whom and when, not who the customer is)`)
    .optional(),
  /**
   * Take only RFC 9068 access tokens (`typ: at+jwt`), so an ID token of the same server cannot pass
   * for one; unset: true. `false` for servers that issue access tokens as `typ: JWT` (Keycloak, Entra ID).
   */
  OAUTH_REQUIRE_AT_JWT: booleanString.optional(),
  /** Largest JSON body; larger gets 413. */
  BODY_LIMIT_BYTES: intInRange(1_024, 64 * 1024 ** 2).default(1024 ** 2),
  /** Largest CSV (or gzip) upload to POST /api/admin/import. */
  IMPORT_MAX_BYTES: intInRange(1_024, 16 * 1024 ** 3).default(512 * 1024 ** 2),
  /** Requests per minute per key, customer or (for anonymous callers) IP; 0 turns limiting off. */
  RATE_LIMIT_PER_MINUTE: intInRange(0, 10_000_000).default(600),
  /**
   * Failed authentications (an unknown API key, a forged token) per client address per window;
   * the next one closes the address: 429 with Retry-After until the window ends, valid
   * credentials included. 0 turns the limit off.
   */
  AUTH_FAILURE_LIMIT: intInRange(0, 1_000_000).default(30),
  AUTH_FAILURE_WINDOW_SECONDS: intInRange(1, 86_400).default(300),
  /** A request still unanswered after this gets 504 (streams and uploads excepted). */
  REQUEST_TIMEOUT_MS: intInRange(100, 600_000).default(15_000),
  /**
   * How long a cacheable GET answer (recommendations, products, search) is served again to callers
   * who see the same data; writes through this instance drop them at once. 0: off.
   */
  RESPONSE_CACHE_MS: intInRange(0, 10_000).default(250),
  /** Serve /metrics without a key (for a scraper inside the network); false: admin key required. */
  METRICS_PUBLIC: booleanString.default(true),

  /** Default per-tool timeout. */
  TOOL_TIMEOUT_MS: intInRange(1, 600_000).default(5_000),
  /** How long SIGTERM waits for in-flight requests before closing connections. */
  SHUTDOWN_TIMEOUT_MS: intInRange(0, 600_000).default(10_000),
});

export const ConfigSchema = ConfigObject.superRefine((config, ctx) => {
  if (config.OBJECT_STORE === 's3' && !config.S3_BUCKET) {
    ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'is required when OBJECT_STORE=s3' });
  }
  if (!config.RUN_JOBS && config.JOB_QUEUE === 'in-process') {
    ctx.addIssue({ code: 'custom', path: ['RUN_JOBS'], message: 'can be false only with JOB_QUEUE=bullmq (in-process jobs run in this process or nowhere)' });
  }
  if (config.OAUTH_ISSUER && !config.OAUTH_RESOURCE) {
    ctx.addIssue({ code: 'custom', path: ['OAUTH_RESOURCE'], message: "is required when OAUTH_ISSUER is set: the URL of this server's /mcp, e.g. https://reco.example.com/mcp" });
  }
  if (config.MCP_CONFORMANCE_FIXTURES && config.NODE_ENV === 'production') {
    ctx.addIssue({ code: 'custom', path: ['MCP_CONFORMANCE_FIXTURES'], message: 'must not be true when NODE_ENV=production (test fixtures for the MCP conformance suite)' });
  }
  for (const dependent of ['OAUTH_RESOURCE', 'OAUTH_JWKS_URL', 'OAUTH_SCOPES', 'OAUTH_CUSTOMER_CLAIM', 'OAUTH_REQUIRE_AT_JWT'] as const) {
    if (config[dependent] !== undefined && !config.OAUTH_ISSUER) ctx.addIssue({ code: 'custom', path: [dependent], message: 'does nothing without OAUTH_ISSUER (the authorization server)' });
  }
});

export type AppConfig = z.infer<typeof ConfigSchema> & { DATABASE_URL: string; OBJECT_STORE_DIR: string; JOB_KEY_PREFIX: string };

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; empty strings count as unset. Throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(ConfigObject.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') relevant[key] = value.trim();
  }
  const parsed = ConfigSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? '?');
        return { variable, message: `${issue.message} (got ${JSON.stringify(relevant[variable])})` };
      }),
    );
  }
  const data = parsed.data;
  return {
    ...data,
    DATABASE_URL: data.DATABASE_URL ?? `file:${path.join(data.DATA_DIR, 'reco.db')}`,
    OBJECT_STORE_DIR: data.OBJECT_STORE_DIR ?? path.join(data.DATA_DIR, 'objects'),
    JOB_KEY_PREFIX: data.JOB_KEY_PREFIX ?? `${data.CACHE_KEY_PREFIX}jobs`,
  };
}
