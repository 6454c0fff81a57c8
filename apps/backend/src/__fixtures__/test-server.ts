import type { Express } from 'express';
import pino from 'pino';
import { createCache, type AsyncCache } from '@reco/async-cache';
import { ToolRegistry } from '@reco/base-tools';
import type { Database } from '@reco/data';
import { InProcessJobQueue, type JobHandler, type JobQueue } from '@reco/jobs';
import { openSampleDatabase, type SampleDatabase } from '@reco/data/testing';
import type { ModelRegistry } from '@reco/recommendation-tools';
import { runImportJob } from '@reco/runtime';
import { createApp, type AppDeps } from '../app';
import { ApiKeyStore, generateApiKey, hashApiKey } from '../auth/api-key-store';
import { CustomerTokens } from '../auth/customer-token';
import type { OAuthTokenVerifier } from '../auth/oauth-token-verifier';
import { MemoryRateLimitStore } from '../limits/memory-rate-limit-store';
import { AppMetrics } from '../metrics/metrics';
import { startServer, type RunningServer } from '../server';
import { NO_SERVICES, type AppServices } from '../services/app-services';
import { fakeAgentFactory } from './fake-agent';
import { sampleServices, type SampleListeners, type SampleServices } from './sample-services';
import { standInTools } from './stand-in-tools';

/** The Online Retail sample the test database holds, for specs that upload it. */
export { SAMPLE_CSV } from '@reco/data/testing';

export interface TestServer {
  url: string;
  /** The Express app the server runs (e.g. for `servedRoutesOf`). */
  app: Express;
  adminKey: string;
  serviceKey: string;
  tokens: CustomerTokens;
  registry: ToolRegistry;
  db?: Database;
  /** The model registry over `db`, when the server has a database. */
  models?: ModelRegistry;
  cache: AsyncCache;
  metrics: AppMetrics;
  services: AppServices;
  jobs: JobQueue;
  /** fetch with a bearer credential (none when `as` is null). */
  call(path: string, init?: RequestInit & { as?: string | null; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Open a copy of the sample database, with the libs' services over it (users list, events, import, models). */
  database?: boolean;
  agent?: boolean;
  services?: Partial<AppServices>;
  deps?: Partial<AppDeps>;
  toolDelayMs?: number;
  /** Tools left out, as if their lib were not wired yet. */
  omitTools?: string[];
  /** Listeners the shop feed tells besides its own (with `database`). */
  listeners?: SampleListeners;
  /** Job kinds the server's in-process queue runs besides import and train (over `services`). */
  jobHandlers?: Record<string, JobHandler>;
  /** OAuth access tokens at /mcp, from this verifier's authorization server. */
  oauth?: OAuthTokenVerifier;
}

/** The real app on 127.0.0.1:0 with stand-in tools under the real names, real keys and tokens. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const adminKey = generateApiKey('admin');
  const serviceKey = generateApiKey('service');
  const keys = new ApiKeyStore([
    { id: 'test-admin', role: 'admin', sha256: hashApiKey(adminKey) },
    { id: 'test-service', role: 'service', sha256: hashApiKey(serviceKey) },
  ]);
  const tokens = new CustomerTokens('a-test-secret-that-is-at-least-32-bytes-long', 300);
  const registry = new ToolRegistry().register(...standInTools(options.toolDelayMs).filter((t) => !options.omitTools?.includes(t.name)));
  const sample: SampleDatabase | undefined = options.database ? await openSampleDatabase() : undefined;
  const cache = createCache({ backend: 'memory' });
  const overSample: SampleServices | undefined = sample ? sampleServices(sample.db, cache, options.listeners) : undefined;
  const services: AppServices = {
    ...NO_SERVICES,
    agentFactory: async () => (options.agent === false ? undefined : fakeAgentFactory(registry)),
    cache: () => cache,
    ...overSample?.services,
    ...options.services,
  };
  const metrics = new AppMetrics({ tools: registry, cache });
  const jobs = new InProcessJobQueue();
  await jobs.consume({ ...serviceJobHandlers(services), ...options.jobHandlers });
  const app = createApp({
    logger: pino({ level: 'silent' }),
    registry,
    healthChecks: [],
    auth: { keys, customerTokens: tokens, oauth: options.oauth },
    services,
    metrics,
    jobs,
    rateLimit: { store: new MemoryRateLimitStore(), perMinute: 10_000 },
    requestTimeoutMs: 10_000,
    ...options.deps,
  });
  const running: RunningServer = await startServer(app, '127.0.0.1', 0);
  return {
    url: running.url,
    app,
    adminKey,
    serviceKey,
    tokens,
    registry,
    db: sample?.db,
    models: overSample?.models,
    cache,
    metrics,
    services,
    jobs,
    call(path, init = {}) {
      const { as, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      const credential = as === undefined ? serviceKey : as;
      if (credential) headers.set('authorization', `Bearer ${credential}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${running.url}${path}`, { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json), method: rest.method ?? 'POST' } : {}) });
    },
    async close() {
      await jobs.close();
      // No idle grace: a test's keep-alive sockets need not be drained politely.
      await running.close(1_000, 0);
      metrics.close();
      await cache.close();
      await overSample?.close();
      await sample?.close();
    },
  };
}

/** Import and train as the runtime runs them, over the server's services (the runtime's handlers need its container). */
function serviceJobHandlers(services: AppServices): Record<string, JobHandler> {
  return {
    import: async (data, context) => {
      const objectStore = services.objectStore();
      if (!objectStore) throw new Error('the test server has no object store');
      return runImportJob({ dataImport: () => services.dataImport(), objectStore, attempts: 1 }, data, context);
    },
    train: async (_data, { signal, report }) => {
      const trainer = await services.trainer();
      if (!trainer) throw new Error('the test server has no trainer');
      return trainer.train({ signal, onProgress: (p) => report(p.progress, p.message) });
    },
  };
}

// Response bodies are read loosely: each test asserts the shape it expects.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const json = (res: Response): Promise<any> => res.json();
