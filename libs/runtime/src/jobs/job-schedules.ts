import type { Logger } from 'pino';
import type { JobQueue } from '@reco/jobs';
import type { AppConfig } from '../config';

/** The schedules configuration can set, by name, with the job kind each submits. */
const SCHEDULED = [
  { name: 'reco-train', kind: 'train', setting: 'TRAIN_SCHEDULE' },
  { name: 'reco-segment', kind: 'segment', setting: 'SEGMENT_SCHEDULE' },
  { name: 'reco-precompute', kind: 'precompute', setting: 'PRECOMPUTE_SCHEDULE' },
] as const;

/**
 * Makes the queue's schedules what configuration says: each set one (re)scheduled, each unset one
 * removed, so dropping a setting stops its schedule. Idempotent: every consumer calls it at start.
 */
export async function applySchedules(queue: JobQueue, config: AppConfig, logger: Logger): Promise<void> {
  for (const { name, kind, setting } of SCHEDULED) {
    const cron = config[setting];
    if (cron) await queue.schedule(name, { cron, kind });
    else await queue.unschedule(name);
    if (cron) logger.info({ schedule: name, cron, kind }, 'job scheduled');
  }
  queue.onScheduleTick((tick) => logger.info({ ...tick }, tick.outcome === 'started' ? 'scheduled job started' : 'scheduled job skipped: one of its kind is queued or running'));
}
