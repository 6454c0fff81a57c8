import { z } from 'zod';
import { checkCron } from '@reco/jobs';

const booleanString = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
/** Five or six cron fields (seconds first when six), read in UTC; refused at start-up when malformed. */
const cronSetting = z.string().superRefine((expression, ctx) => {
  const problem = checkCron(expression);
  if (problem) ctx.addIssue({ code: 'custom', message: `must be a cron expression: ${problem}` });
});

/** Settings of long work as jobs (@reco/jobs): where jobs live, who runs them, schedules; merged into the app config. */
export const jobsConfigShape = {
  /** `in-process` (the embedded default: jobs run in the process that submits them) or `bullmq` (in Redis at REDIS_URL, run by any worker). */
  JOB_QUEUE: z.enum(['in-process', 'bullmq']).default('in-process'),
  /** Whether this backend also runs jobs; false needs JOB_QUEUE=bullmq and a worker (`node apps/worker/dist/main.js`). */
  RUN_JOBS: booleanString.default(true),
  /** Prefix of the queue's Redis keys; unset: CACHE_KEY_PREFIX + `jobs`. Every process of a deployment uses the same. */
  JOB_KEY_PREFIX: z.string().min(1).max(64).optional(),
  /** Runs of a job before it fails, counting runs whose process died (bullmq). */
  JOB_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  /** Delay before the first retry, doubled each time (bullmq). */
  JOB_BACKOFF_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
  /** How long a dead worker holds its job before another takes it (bullmq; renewed while it lives). */
  JOB_LOCK_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  /** Jobs one process runs at once (bullmq). Precompute's coordinating job waits on its chunks: keep 2 or more. */
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** Retrain on this cron (e.g. `0 3 * * *`); unset: only when asked. Never two trainings at once. */
  TRAIN_SCHEDULE: cronSetting.optional(),
  /** Re-segment customers on this cron; unset: after imports and when asked. */
  SEGMENT_SCHEDULE: cronSetting.optional(),
  /** Precompute every customer's list on this cron (e.g. after the nightly training); unset: when asked. */
  PRECOMPUTE_SCHEDULE: cronSetting.optional(),
  /** Customers per precompute chunk: the unit the workers share out. */
  PRECOMPUTE_CHUNK_SIZE: z.coerce.number().int().min(10).max(100_000).default(500),
  /** Port of a worker's health and metrics endpoints (`/health/live`, `/health/ready`, `/metrics`); 0: none. */
  WORKER_PORT: z.coerce.number().int().min(0).max(65_535).default(3100),
} satisfies z.ZodRawShape;
