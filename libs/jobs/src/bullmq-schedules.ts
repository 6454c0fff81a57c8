import { Queue, Worker, type Job } from 'bullmq';
import Redis from 'ioredis';
import type { JobView, ScheduleSpec, ScheduleTick, ScheduleView, SubmitOptions } from './job-types';
import { assertSchedule, Listeners, runTick } from './schedules';

export interface BullSchedulesOptions {
  redisUrl: string;
  prefix: string;
  /** The job queue's name; the triggers live in `<name>-schedules`. */
  name: string;
  /** Shared with the job queue for commands (not for blocking reads). */
  connection: Redis;
  submit: (kind: string, data: unknown, options: SubmitOptions) => Promise<JobView>;
  onError: (err: Error) => void;
}

/** What a scheduler's template carries: the job to submit on each tick. */
interface TriggerData {
  kind: string;
  data: unknown;
}

/**
 * Schedules under BullMQ. A job scheduler (idempotent by name: every process may upsert it)
 * produces a small trigger job per tick in a queue of its own; whichever consumer takes it
 * submits the kind exclusively. A scheduler's template cannot carry deduplication, hence the
 * trigger; its own queue, so a trigger never waits behind the long jobs it would skip.
 */
export class BullSchedules {
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private workerConnection: Redis | undefined;
  private readonly ticks: Listeners<ScheduleTick>;
  private readonly lastTicksKey: string;

  constructor(private readonly options: BullSchedulesOptions) {
    const queueName = `${options.name}-schedules`;
    this.queue = new Queue(queueName, { connection: options.connection, prefix: options.prefix });
    this.queue.on('error', options.onError);
    this.ticks = new Listeners(options.onError);
    this.lastTicksKey = `${options.prefix}:${queueName}:last-ticks`;
  }

  async schedule(name: string, spec: ScheduleSpec): Promise<void> {
    assertSchedule(name, spec);
    const trigger: TriggerData = { kind: spec.kind, data: spec.data ?? null };
    await this.queue.upsertJobScheduler(
      name,
      { pattern: spec.cron.trim(), tz: spec.timezone ?? 'UTC' },
      { name, data: trigger, opts: { attempts: 3, backoff: { type: 'fixed', delay: 1_000 }, removeOnComplete: true, removeOnFail: { count: 100 } } },
    );
  }

  async unschedule(name: string): Promise<void> {
    await this.queue.removeJobScheduler(name);
    await this.options.connection.hdel(this.lastTicksKey, name);
  }

  async list(): Promise<ScheduleView[]> {
    const [schedulers, lastTicks] = await Promise.all([this.queue.getJobSchedulers(0, -1, true), this.options.connection.hgetall(this.lastTicksKey)]);
    return schedulers.map((s) => {
      const trigger = s.template?.data as TriggerData | undefined;
      const lastTick = lastTicks[s.key];
      return {
        name: s.key,
        cron: s.pattern ?? '',
        kind: trigger?.kind ?? '',
        timezone: s.tz ?? 'UTC',
        ...(s.next ? { next: new Date(s.next).toISOString() } : {}),
        ...(lastTick ? { lastTick: JSON.parse(lastTick) as ScheduleTick } : {}),
      };
    });
  }

  onTick(listener: (tick: ScheduleTick) => void): () => void {
    return this.ticks.add(listener);
  }

  /** Starts handling triggers in this process (a consumer's part). */
  start(): void {
    // Blocking reads need a connection that never gives up on a command (BullMQ's requirement).
    this.workerConnection = new Redis(this.options.redisUrl, { maxRetriesPerRequest: null });
    this.workerConnection.on('error', this.options.onError);
    this.worker = new Worker(this.queue.name, (job: Job) => this.trigger(job), {
      connection: this.workerConnection,
      prefix: this.options.prefix,
      concurrency: 1,
    });
    this.worker.on('error', this.options.onError);
  }

  async close(): Promise<void> {
    await this.worker?.close();
    this.workerConnection?.disconnect();
    await this.queue.close();
  }

  private async trigger(job: Job): Promise<ScheduleTick | null> {
    const name = job.repeatJobKey ?? job.name;
    // The scheduler as it is now: none after unschedule() (a trigger already due is dropped), a
    // replaced spec's kind and data rather than those the trigger was made with.
    const scheduler = await this.queue.getJobScheduler(name);
    const trigger = scheduler?.template?.data as TriggerData | undefined;
    if (!trigger) return null;
    const tick = await runTick(this.options.submit, name, trigger, new Date(dueMillis(job)));
    await this.options.connection.hset(this.lastTicksKey, name, JSON.stringify(tick));
    this.ticks.emit(tick);
    return tick;
  }
}

/** A trigger's id is `repeat:<scheduler>:<due millis>`. */
function dueMillis(job: Job): number {
  const millis = Number(String(job.id).split(':').pop());
  return Number.isFinite(millis) && millis > 0 ? millis : job.timestamp + (job.delay ?? 0);
}
