import { randomUUID } from 'node:crypto';
import type { JobQueue } from './job-queue';
import {
  CANCELLED_MESSAGE,
  clampProgress,
  errorMessage,
  FINISHED_STATUSES,
  JobConflictError,
  PermanentJobError,
  type JobHandler,
  type JobView,
  type SubmitOptions,
} from './job-types';

export interface InProcessQueueOptions {
  /** Runs per job before it fails (default 1: a failure in one process is not retried). */
  attempts?: number;
  /** Delay before a retry, doubled each time (default 1,000 ms). */
  backoffMs?: number;
  /** Finished jobs kept for reading, oldest dropped first (default 100). */
  keep?: number;
}

interface Entry {
  view: JobView;
  data: unknown;
  controller: AbortController;
}

/**
 * The embedded default: jobs run in this process, each as soon as a handler for its kind is
 * registered. Nothing survives the process: a restart forgets them (BullJobQueue keeps them).
 */
export class InProcessJobQueue implements JobQueue {
  readonly backend = 'in-process';
  private readonly entries = new Map<string, Entry>();
  private handlers: Readonly<Record<string, JobHandler>> | undefined;
  private readonly waiting: string[] = [];
  private readonly running = new Set<Promise<void>>();
  private closed = false;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly keep: number;

  constructor(options: InProcessQueueOptions = {}) {
    this.attempts = Math.max(1, options.attempts ?? 1);
    this.backoffMs = Math.max(0, options.backoffMs ?? 1_000);
    this.keep = Math.max(1, options.keep ?? 100);
  }

  async submit(kind: string, data: unknown, options: SubmitOptions = {}): Promise<JobView> {
    if (this.closed) throw new Error('the job queue is closed');
    if (options.exclusive) {
      const active = [...this.entries.values()].find((e) => e.view.kind === kind && !FINISHED_STATUSES.includes(e.view.status));
      if (active) throw new JobConflictError(kind, active.view.id);
    }
    const view: JobView = { id: randomUUID(), kind, status: 'queued', progress: 0, message: 'queued', attempts: 0, createdAt: new Date().toISOString() };
    this.entries.set(view.id, { view, data, controller: new AbortController() });
    this.prune();
    this.waiting.push(view.id);
    // On the next turn, so the caller has the job id before any work starts.
    setImmediate(() => this.drain());
    return { ...view };
  }

  async get(id: string): Promise<JobView | undefined> {
    const entry = this.entries.get(id);
    return entry ? { ...entry.view } : undefined;
  }

  async list(limit = 100): Promise<JobView[]> {
    return [...this.entries.values()]
      .reverse()
      .slice(0, limit)
      .map((e) => ({ ...e.view }));
  }

  async cancel(id: string): Promise<JobView | undefined> {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.view.status === 'queued') this.finish(entry, { status: 'cancelled', message: CANCELLED_MESSAGE });
    else if (entry.view.status === 'running') entry.controller.abort(new Error(CANCELLED_MESSAGE));
    return { ...entry.view };
  }

  async consume(handlers: Readonly<Record<string, JobHandler>>): Promise<void> {
    if (this.handlers) throw new Error('consume() was called already');
    this.handlers = handlers;
    this.drain();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.entries.values()) {
      if (entry.view.status === 'running') entry.controller.abort(new Error('The job queue is shutting down'));
    }
    await Promise.allSettled([...this.running]);
  }

  private drain(): void {
    if (!this.handlers || this.closed) return;
    for (const id of [...this.waiting]) {
      const entry = this.entries.get(id);
      if (!entry || entry.view.status !== 'queued') {
        this.waiting.splice(this.waiting.indexOf(id), 1);
        continue;
      }
      const handler = this.handlers[entry.view.kind];
      if (!handler) continue; // another kind's consumer may come later; it stays queued
      this.waiting.splice(this.waiting.indexOf(id), 1);
      const run = this.run(entry, handler).finally(() => this.running.delete(run));
      this.running.add(run);
    }
  }

  private async run(entry: Entry, handler: JobHandler): Promise<void> {
    const { view } = entry;
    view.startedAt = new Date().toISOString();
    for (;;) {
      view.attempts++;
      Object.assign(view, { status: 'running', message: 'running' });
      try {
        const result = await handler(entry.data, {
          signal: entry.controller.signal,
          attempt: view.attempts,
          report: (progress, message) => {
            if (view.status !== 'running') return;
            view.progress = clampProgress(progress);
            if (message) view.message = message;
          },
        });
        if (entry.controller.signal.aborted) throw entry.controller.signal.reason;
        this.finish(entry, { status: 'succeeded', progress: 1, message: 'done', result });
        return;
      } catch (err) {
        if (entry.controller.signal.aborted) {
          this.finishAborted(entry);
          return;
        }
        if (err instanceof PermanentJobError || view.attempts >= this.attempts) {
          this.finish(entry, failure('JOB_FAILED', err));
          return;
        }
        view.message = `attempt ${view.attempts} failed: ${errorMessage(err)}; retrying`;
        await new Promise((resolve) => setTimeout(resolve, this.backoffMs * 2 ** (view.attempts - 1)));
        if (entry.controller.signal.aborted) {
          this.finishAborted(entry);
          return;
        }
      }
    }
  }

  /** Cancelled, or interrupted by close(). */
  private finishAborted(entry: Entry): void {
    const reason: unknown = entry.controller.signal.reason;
    this.finish(entry, errorMessage(reason) === CANCELLED_MESSAGE ? { status: 'cancelled', message: CANCELLED_MESSAGE } : failure('JOB_INTERRUPTED', reason));
  }

  private finish(entry: Entry, outcome: Partial<JobView>): void {
    Object.assign(entry.view, outcome, { finishedAt: new Date().toISOString() });
  }

  private prune(): void {
    const finished = [...this.entries.values()].filter((e) => FINISHED_STATUSES.includes(e.view.status));
    for (const entry of finished.slice(0, Math.max(0, this.entries.size - this.keep))) this.entries.delete(entry.view.id);
  }
}

function failure(code: string, err: unknown): Partial<JobView> {
  const message = errorMessage(err);
  return { status: 'failed', message, error: { code, message } };
}
