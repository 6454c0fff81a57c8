export type { JobQueue } from './job-queue';
export { CANCELLED_MESSAGE, FINISHED_STATUSES, JobConflictError, PermanentJobError } from './job-types';
export type { JobContext, JobCounts, JobHandler, JobStatus, JobView, ScheduleSpec, ScheduleTick, ScheduleView, SubmitOptions } from './job-types';
export { checkCron } from './cron';
export { InProcessJobQueue, type InProcessQueueOptions } from './in-process-queue';
export { BullJobQueue, type BullJobQueueOptions } from './bullmq-queue';
