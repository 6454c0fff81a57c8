import { assertCron } from './cron';
import { JobConflictError, type JobView, type ScheduleSpec, type ScheduleTick, type SubmitOptions } from './job-types';

const SCHEDULE_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/** Refuses a schedule a queue could not run, naming what is wrong. */
export function assertSchedule(name: string, spec: ScheduleSpec): void {
  if (!SCHEDULE_NAME.test(name)) throw new RangeError(`schedule name "${name}" must be 1-100 letters, digits, '_', '.' or '-'`);
  if (typeof spec.kind !== 'string' || spec.kind.length === 0) throw new RangeError(`schedule "${name}" needs the kind of job it submits`);
  assertCron(spec.cron, spec.timezone);
}

type Submit = (kind: string, data: unknown, options: SubmitOptions) => Promise<JobView>;

/**
 * A tick submits its kind exclusively: while a job of that kind is queued or running (an earlier
 * tick's or an admin's exclusive one) the conflict is the `skipped` outcome, not an error.
 */
export async function runTick(submit: Submit, name: string, spec: Pick<ScheduleSpec, 'kind' | 'data'>, dueAt: Date): Promise<ScheduleTick> {
  const base = { schedule: name, kind: spec.kind, dueAt: dueAt.toISOString() };
  try {
    const job = await submit(spec.kind, spec.data ?? null, { exclusive: true });
    return { ...base, outcome: 'started', jobId: job.id, at: new Date().toISOString() };
  } catch (err) {
    if (!(err instanceof JobConflictError)) throw err;
    return { ...base, outcome: 'skipped', jobId: err.activeJobId, at: new Date().toISOString() };
  }
}

/** Listeners of one event; one that throws is reported and does not stop the others. */
export class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(private readonly onError: (err: Error) => void) {}

  add(listener: (value: T) => void): () => void {
    // A wrapper per call: the same function added twice is called twice and removed once each.
    const entry = (value: T) => listener(value);
    this.listeners.add(entry);
    return () => void this.listeners.delete(entry);
  }

  emit(value: T): void {
    for (const listener of this.listeners) {
      try {
        listener(value);
      } catch (err) {
        this.onError(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }
}
