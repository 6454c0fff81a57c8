import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import type { JobHandler } from '@reco/jobs';
import type { AppConfig } from '../config';
import { RUNTIME_TOKENS } from '../tokens';
import { applySchedules } from './job-schedules';
import { removeOrphanedImportFiles } from './import-job';
import { jobHandlers } from './job-handlers';

const tracer = trace.getTracer('@reco/runtime');

/**
 * Makes this process run jobs (a worker, or a backend with RUN_JOBS): every kind, from the
 * container's queue, on the configured schedules. First removes the temp files of imports whose
 * process was killed.
 */
export async function startJobConsumer(container: DependencyContainer): Promise<void> {
  const logger = container.resolve<Logger>(RUNTIME_TOKENS.Logger);
  const orphans = await removeOrphanedImportFiles().catch((err: unknown) => {
    logger.warn({ err }, 'could not look for temp files of killed imports');
    return 0;
  });
  if (orphans > 0) logger.info({ removed: orphans }, 'removed temp files of imports whose process was killed');
  const queue = container.resolve(RUNTIME_TOKENS.JobQueue);
  const log = logger.child({ lib: 'jobs' });
  await queue.consume(logged(jobHandlers(container), log));
  await applySchedules(queue, container.resolve<AppConfig>(RUNTIME_TOKENS.Config), log);
  logger.info({ queue: queue.backend }, 'running jobs');
}

/** Each run's start and end in this process's log: which process ran (or was running) a job. */
function logged(handlers: Record<string, JobHandler>, logger: Logger): Record<string, JobHandler> {
  return Object.fromEntries(
    Object.entries(handlers).map(([kind, handler]) => [
      kind,
      // Each run is a trace of its own (a no-op without a tracing SDK): its worker tasks and queries below it.
      (data: unknown, context: Parameters<JobHandler>[1]) =>
        tracer.startActiveSpan(`job ${kind}`, { root: true, attributes: { 'reco.job.kind': kind, 'reco.job.id': context.jobId, 'reco.job.attempt': context.attempt } }, async (span) => {
          const started = performance.now();
          logger.info({ jobId: context.jobId, kind, attempt: context.attempt }, 'job started');
          try {
            const result = await handler(data, context);
            logger.info({ jobId: context.jobId, kind, attempt: context.attempt, ms: Math.round(performance.now() - started) }, 'job succeeded');
            return result;
          } catch (err) {
            logger.warn({ jobId: context.jobId, kind, attempt: context.attempt, ms: Math.round(performance.now() - started), err }, 'job run failed');
            span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
            throw err;
          } finally {
            span.end();
          }
        }),
    ]),
  );
}
