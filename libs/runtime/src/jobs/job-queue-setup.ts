import type { Logger } from 'pino';
import { BullJobQueue, InProcessJobQueue, type JobQueue } from '@reco/jobs';
import type { AppConfig } from '../config';
import { LocalClusterSignals, RedisClusterSignals, type ClusterSignals } from './cluster-signals';

/** The configured job queue: in this process (embedded default) or BullMQ on Redis. */
export function createJobQueue(config: AppConfig, logger: Logger): JobQueue {
  if (config.JOB_QUEUE === 'in-process') return new InProcessJobQueue();
  const log = logger.child({ lib: 'jobs' });
  return new BullJobQueue({
    redisUrl: config.REDIS_URL,
    prefix: config.JOB_KEY_PREFIX,
    attempts: config.JOB_ATTEMPTS,
    backoffMs: config.JOB_BACKOFF_MS,
    lockMs: config.JOB_LOCK_MS,
    concurrency: config.JOB_CONCURRENCY,
    onError: (err) => log.warn({ err }, 'job queue error'),
  });
}

/** Runs of a job before it fails for good, as the configured queue counts them. */
export function jobAttempts(config: AppConfig): number {
  return config.JOB_QUEUE === 'in-process' ? 1 : config.JOB_ATTEMPTS;
}

/** Redis pub/sub when the deployment has Redis (a shared cache or BullMQ jobs); else in this process only. */
export function createClusterSignals(config: AppConfig, logger: Logger): ClusterSignals {
  if (config.CACHE_BACKEND === 'memory' && config.JOB_QUEUE === 'in-process') return new LocalClusterSignals();
  return new RedisClusterSignals({ redisUrl: config.REDIS_URL, prefix: config.CACHE_KEY_PREFIX, logger: logger.child({ lib: 'cluster-signals' }) });
}
