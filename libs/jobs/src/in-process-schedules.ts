import { nextCronTime } from './cron';
import type { ScheduleSpec, ScheduleTick, ScheduleView } from './job-types';

// setTimeout's longest delay (about 24.8 days); a later tick is reached in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Timer {
  spec: ScheduleSpec;
  next: Date;
  handle: NodeJS.Timeout;
  lastTick?: ScheduleTick;
}

/** The in-process queue's schedules: one timer per name in this process, re-armed after each tick. */
export class ScheduleTimers {
  private readonly timers = new Map<string, Timer>();

  /** `tick` submits the job (or skips) and answers what it did; it must not throw. */
  constructor(private readonly tick: (name: string, spec: ScheduleSpec, dueAt: Date) => Promise<ScheduleTick | undefined>) {}

  /** Sets or replaces the schedule of this name. */
  set(name: string, spec: ScheduleSpec): void {
    const previous = this.timers.get(name);
    this.delete(name);
    this.arm(name, spec, new Date(), previous?.lastTick);
  }

  delete(name: string): void {
    const timer = this.timers.get(name);
    if (timer) clearTimeout(timer.handle);
    this.timers.delete(name);
  }

  list(): ScheduleView[] {
    return [...this.timers.entries()].map(([name, t]) => ({
      name,
      cron: t.spec.cron,
      kind: t.spec.kind,
      timezone: t.spec.timezone ?? 'UTC',
      next: t.next.toISOString(),
      ...(t.lastTick ? { lastTick: t.lastTick } : {}),
    }));
  }

  close(): void {
    for (const name of [...this.timers.keys()]) this.delete(name);
  }

  private arm(name: string, spec: ScheduleSpec, after: Date, lastTick: ScheduleTick | undefined): void {
    const next = nextCronTime(spec.cron, spec.timezone, after);
    const timer: Timer = { spec, next, handle: this.wait(name, next), ...(lastTick ? { lastTick } : {}) };
    this.timers.set(name, timer);
  }

  private wait(name: string, due: Date): NodeJS.Timeout {
    const delay = Math.max(0, due.getTime() - Date.now());
    const handle = setTimeout(() => {
      const timer = this.timers.get(name);
      if (!timer || timer.handle !== handle) return;
      if (delay > MAX_TIMER_MS) timer.handle = this.wait(name, due);
      else void this.fire(name, timer);
    }, Math.min(delay, MAX_TIMER_MS));
    // Schedules alone do not keep a process (a CLI run, a test) alive.
    handle.unref();
    return handle;
  }

  private async fire(name: string, timer: Timer): Promise<void> {
    // Re-armed first and from the due time, so a timer firing a little early never ticks twice.
    const due = timer.next;
    this.arm(name, timer.spec, new Date(Math.max(Date.now(), due.getTime())), timer.lastTick);
    const tick = await this.tick(name, timer.spec, due);
    const current = this.timers.get(name);
    if (tick && current) current.lastTick = tick;
  }
}
