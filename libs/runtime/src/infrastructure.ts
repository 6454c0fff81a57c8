import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import { createCache } from '@reco/async-cache';
import { AsyncExecutor } from '@reco/executor';
import { createObjectStore, type ObjectStoreConfig } from '@reco/object-store';
import type { AppConfig } from './config';
import { createClusterSignals } from './jobs/job-queue-setup';
import { RUNTIME_TOKENS } from './tokens';

/** Cache, cluster signals, object store and worker pool, each with its health check and disposal. */
export function registerInfrastructure(container: DependencyContainer, config: AppConfig, logger: Logger): void {
  const cache = createCache({
    backend: config.CACHE_BACKEND,
    redisUrl: config.REDIS_URL,
    keyPrefix: config.CACHE_KEY_PREFIX,
    defaultTtlMs: config.CACHE_DEFAULT_TTL_MS,
    maxEntries: config.CACHE_MAX_ENTRIES,
    maxBytes: config.CACHE_MAX_BYTES,
    l1TtlMs: config.CACHE_L1_TTL_MS,
    logger: logger.child({ lib: 'async-cache' }),
  });
  container.register(RUNTIME_TOKENS.Cache, { useValue: cache });
  // An in-process cache has nothing to check; Redis must answer for the instance to be ready.
  if (config.CACHE_BACKEND !== 'memory') {
    container.register(RUNTIME_TOKENS.HealthChecks, {
      useValue: {
        name: 'cache',
        check: async (signal: AbortSignal) => {
          await cache.ping(signal);
          return { backend: config.CACHE_BACKEND };
        },
      },
    });
  }
  container.register(RUNTIME_TOKENS.Disposables, { useValue: { name: 'cache', dispose: () => cache.close() } });

  const signals = createClusterSignals(config, logger);
  container.register(RUNTIME_TOKENS.ClusterSignals, { useValue: signals });
  container.register(RUNTIME_TOKENS.Disposables, { useValue: { name: 'clusterSignals', dispose: () => signals.close() } });

  const objectStore = createObjectStore(objectStoreConfig(config));
  container.register(RUNTIME_TOKENS.ObjectStore, { useValue: objectStore });
  container.register(RUNTIME_TOKENS.HealthChecks, {
    useValue: {
      name: 'objectStore',
      check: async (signal: AbortSignal) => {
        await objectStore.ping(signal);
        return { kind: config.OBJECT_STORE };
      },
    },
  });
  container.register(RUNTIME_TOKENS.Disposables, { useValue: { name: 'objectStore', dispose: () => objectStore.close() } });

  const executor = new AsyncExecutor({ threads: config.EXECUTOR_THREADS, defaultTimeoutMs: config.EXECUTOR_TASK_TIMEOUT_MS, name: 'reco' });
  container.register(RUNTIME_TOKENS.Executor, { useValue: executor });
  container.register(RUNTIME_TOKENS.Disposables, { useValue: { name: 'executor', dispose: () => executor.close() } });
}

function objectStoreConfig(config: AppConfig): ObjectStoreConfig {
  if (config.OBJECT_STORE === 'local') return { kind: 'local', root: config.OBJECT_STORE_DIR };
  return {
    kind: 's3',
    bucket: config.S3_BUCKET as string, // required by the config schema when OBJECT_STORE=s3
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    prefix: config.S3_PREFIX,
  };
}
