import { randomUUID } from 'node:crypto';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  /** 0..1 */
  progress: number;
  message: string;
  result?: unknown;
  error?: { code: string; message: string };
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface JobControl {
  /** Reports progress (clamped to 0..1) and an optional message. */
  report(progress: number, message?: string): void;
  signal: AbortSignal;
}

/**
 * Long admin tasks (import, training) run in the process and are polled by id. Finished jobs are
 * kept up to `keep`, oldest dropped first. One instance's jobs: a poll must reach the same instance.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, Job>();
  private readonly controllers = new Map<string, AbortController>();

  constructor(private readonly keep = 100) {}

  start(kind: string, run: (control: JobControl) => Promise<unknown>, onFinish?: () => void): Job {
    const job: Job = { id: randomUUID(), kind, status: 'queued', progress: 0, message: 'queued', createdAt: new Date().toISOString() };
    const controller = new AbortController();
    this.jobs.set(job.id, job);
    this.controllers.set(job.id, controller);
    this.prune();
    const control: JobControl = {
      signal: controller.signal,
      report: (progress, message) => {
        job.progress = Math.min(1, Math.max(0, Number.isFinite(progress) ? progress : 0));
        if (message) job.message = message;
      },
    };
    // Started on the next tick so the caller answers the job id before any work.
    setImmediate(() => {
      job.status = 'running';
      job.startedAt = new Date().toISOString();
      job.message = 'running';
      run(control).then(
        (result) => {
          Object.assign(job, { status: 'succeeded', progress: 1, message: 'done', result, finishedAt: new Date().toISOString() });
        },
        (err: unknown) => {
          const message = err instanceof Error ? err.message : String(err);
          Object.assign(job, { status: 'failed', message, error: { code: 'JOB_FAILED', message }, finishedAt: new Date().toISOString() });
        },
      ).finally(() => {
        this.controllers.delete(job.id);
        onFinish?.();
      });
    });
    return { ...job };
  }

  get(id: string): Job | undefined {
    const job = this.jobs.get(id);
    return job ? { ...job } : undefined;
  }

  list(): Job[] {
    return [...this.jobs.values()].reverse().map((j) => ({ ...j }));
  }

  /** True while a job of this kind is queued or running. */
  isActive(kind: string): boolean {
    return [...this.jobs.values()].some((j) => j.kind === kind && (j.status === 'queued' || j.status === 'running'));
  }

  /** Aborts running jobs (shutdown). */
  cancelAll(): void {
    for (const controller of this.controllers.values()) controller.abort(new Error('The server is shutting down'));
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.status === 'succeeded' || j.status === 'failed');
    for (const job of finished.slice(0, Math.max(0, this.jobs.size - this.keep))) this.jobs.delete(job.id);
  }
}
