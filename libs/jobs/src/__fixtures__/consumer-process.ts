// A consumer in its own process (run with tsx from source), to be killed mid-job by a test.
// Env: REDIS_URL, JOBS_PREFIX, JOBS_LOCK_MS. Prints "started <jobId> <attempt>" when a job starts.
import { BullJobQueue } from '../bullmq-queue';

const queue = new BullJobQueue({
  redisUrl: process.env['REDIS_URL'] ?? '',
  prefix: process.env['JOBS_PREFIX'] ?? '',
  lockMs: Number(process.env['JOBS_LOCK_MS'] ?? 1_000),
  attempts: 3,
  backoffMs: 10,
});

void queue
  .consume({
    slow: async (data, { attempt, report, signal }) => {
      // The first run takes `ms` (long enough to be killed in), a retry `retryMs`.
      const { id, ms, retryMs } = data as { id: string; ms: number; retryMs: number };
      process.stdout.write(`started ${id} ${attempt}\n`);
      report(0.5, `halfway on ${process.pid}`);
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, attempt === 1 ? ms : retryMs);
        signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)));
      });
      return { by: process.pid, attempt };
    },
  })
  .then(() => process.stdout.write('consuming\n'));
