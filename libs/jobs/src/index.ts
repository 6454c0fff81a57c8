export type { JobQueue } from './job-queue';
export { CANCELLED_MESSAGE, FINISHED_STATUSES, JobConflictError, PermanentJobError } from './job-types';
export type { JobContext, JobHandler, JobStatus, JobView, SubmitOptions } from './job-types';
export { InProcessJobQueue, type InProcessQueueOptions } from './in-process-queue';
export { BullJobQueue, type BullJobQueueOptions } from './bullmq-queue';
