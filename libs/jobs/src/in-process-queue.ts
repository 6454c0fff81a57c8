import { randomUUID } from 'node:crypto';
import { ScheduleTimers } from './in-process-schedules';
import type { JobQueue } from './job-queue';
import {
  CANCELLED_MESSAGE,
  clampProgress,
  errorMessage,
  FINISHED_STATUSES,
  JobConflictError,
  PermanentJobError,
  type JobCounts,
  type JobHandler,
  type JobView,
  type ScheduleSpec,
  type ScheduleTick,
  type ScheduleView,
  type SubmitOptions,
} from './job-types';
import { assertSchedule, Listeners, runTick } from './schedules';

export interface InProcessQueueOptions {
  /** Runs per job before it fails (default 1: a failure in one process is not retried). */
  attempts?: number;
  /** Delay before a retry, doubled each time (default 1,000 ms). */
  backoffMs?: number;
  /** Finished jobs kept for reading, oldest dropped first (default 100). */
  keep?: number;
  /** A listener's error (onFinished, onScheduleTick), for the log; jobs go on regardless. */
  onError?: (err: Error) => void;
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
  private readonly onError: (err: Error) => void;
  private readonly finished: Listeners<JobView>;
  private readonly ticks: Listeners<ScheduleTick>;
  private readonly timers = new ScheduleTimers((name, spec, dueAt) => this.tick(name, spec, dueAt));

  constructor(options: InProcessQueueOptions = {}) {
    this.attempts = Math.max(1, options.attempts ?? 1);
    this.backoffMs = Math.max(0, options.backoffMs ?? 1_000);
    this.keep = Math.max(1, options.keep ?? 100);
    this.onError = options.onError ?? (() => undefined);
    this.finished = new Listeners(this.onError);
    this.ticks = new Listeners(this.onError);
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

  async counts(): Promise<JobCounts> {
    const counts: JobCounts = { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
    for (const entry of this.entries.values()) counts[entry.view.status]++;
    return counts;
  }

  onFinished(listener: (job: JobView) => void): () => void {
    return this.finished.add(listener);
  }

  async schedule(name: string, spec: ScheduleSpec): Promise<void> {
    assertSchedule(name, spec);
    if (this.closed) throw new Error('the job queue is closed');
    this.timers.set(name, { ...spec });
  }

  async unschedule(name: string): Promise<void> {
    this.timers.delete(name);
  }

  async schedules(): Promise<ScheduleView[]> {
    return this.timers.list();
  }

  onScheduleTick(listener: (tick: ScheduleTick) => void): () => void {
    return this.ticks.add(listener);
  }

  async consume(handlers: Readonly<Record<string, JobHandler>>): Promise<void> {
    if (this.handlers) throw new Error('consume() was called already');
    this.handlers = handlers;
    this.drain();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.timers.close();
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
          jobId: view.id,
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
    this.finished.emit({ ...entry.view });
  }

  private async tick(name: string, spec: ScheduleSpec, dueAt: Date): Promise<ScheduleTick | undefined> {
    if (this.closed) return undefined;
    try {
      const tick = await runTick((kind, data, options) => this.submit(kind, data, options), name, spec, dueAt);
      this.ticks.emit(tick);
      return tick;
    } catch (err) {
      this.onError(err instanceof Error ? err : new Error(String(err)));
      return undefined;
    }
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
