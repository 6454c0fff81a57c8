import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { CANCELLED_MESSAGE, type JobCounts } from './job-types';

const QUEUED_STATES = ['waiting', 'prioritized', 'delayed', 'waiting-children'] as const;

/**
 * Jobs per status in Redis, as get() shows them: a failure with the reason `cancelled`, or a
 * queued job marked but not yet taken, counts as cancelled. Queued and failed jobs are read by id
 * (to find those), so each of those figures matches its own list.
 */
export async function countBullJobs(queue: Queue, commands: Redis, cancelKey: (id: string) => string): Promise<JobCounts> {
  const [counts, queuedIds, failedIds] = await Promise.all([
    queue.getJobCounts('active', 'completed'),
    queue.getRanges([...QUEUED_STATES], 0, -1),
    queue.getRanges(['failed'], 0, -1),
  ]);
  let queuedCancelled = 0;
  let failedCancelled = 0;
  if (queuedIds.length + failedIds.length > 0) {
    const pipeline = commands.pipeline();
    for (const id of queuedIds) pipeline.exists(cancelKey(id));
    for (const id of failedIds) pipeline.hget(queue.toKey(id), 'failedReason');
    const replies = (await pipeline.exec()) ?? [];
    replies.forEach(([err, value], i) => {
      if (err) throw err;
      if (i < queuedIds.length) queuedCancelled += value === 1 ? 1 : 0;
      else failedCancelled += value === CANCELLED_MESSAGE ? 1 : 0;
    });
  }
  return {
    queued: queuedIds.length - queuedCancelled,
    running: counts['active'] ?? 0,
    succeeded: counts['completed'] ?? 0,
    failed: failedIds.length - failedCancelled,
    cancelled: queuedCancelled + failedCancelled,
  };
}
