import type { JobQueue } from '../job-queue';
import type { ScheduleTick } from '../job-types';
import type { QueueMaker } from './job-queue-contract';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(25);
  }
}

function gate() {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  return { opened, release };
}

const EVERY_SECOND = '*/1 * * * * *';
const TEST_MS = 40_000;

/**
 * Schedules, the same under every JobQueue. `make` is called twice per test: two "processes"
 * (the in-process queue answers the same instance: it is one process) that both schedule and
 * both consume, as backends and workers do at start-up.
 */
export function scheduleContract(label: string, prepare: () => { make: QueueMaker; cleanup: () => Promise<void> }): void {
  describe(`JobQueue schedules: ${label}`, () => {
    let queues: JobQueue[] = [];
    let cleanup: () => Promise<void> = async () => undefined;
    const ticks: ScheduleTick[] = [];

    beforeEach(() => {
      const prepared = prepare();
      cleanup = prepared.cleanup;
      queues = [...new Set([prepared.make({ attempts: 1, backoffMs: 10 }), prepared.make({ attempts: 1, backoffMs: 10 })])];
      ticks.length = 0;
      for (const queue of queues) queue.onScheduleTick((tick) => ticks.push(tick));
    });
    afterEach(async () => {
      await Promise.all(queues.map((q) => q.close()));
      await cleanup();
    });
    const scheduleEverywhere = async (name: string, spec: Parameters<JobQueue['schedule']>[1]) => {
      for (const queue of queues) await queue.schedule(name, spec);
    };
    const jobsOf = async (kind: string) => (await (queues[0] as JobQueue).list(1_000)).filter((j) => j.kind === kind);

    it('refuses an invalid cron, time zone or name with an error naming it', async () => {
      const queue = queues[0] as JobQueue;
      await expect(queue.schedule('train', { cron: '61 * * * *', kind: 'train' })).rejects.toThrow(/"61 \* \* \* \*"/);
      await expect(queue.schedule('train', { cron: 'every night', kind: 'train' })).rejects.toThrow(/"every night" has 2 fields/);
      await expect(queue.schedule('train', { cron: '0 3 * * *', kind: 'train', timezone: 'Mars/Olympus' })).rejects.toThrow(/"Mars\/Olympus"/);
      await expect(queue.schedule('a:b', { cron: '0 3 * * *', kind: 'train' })).rejects.toThrow(/"a:b"/);
      await expect(queue.schedule('train', { cron: '0 3 * * *', kind: '' })).rejects.toThrow(/kind/);
      expect(await queue.schedules()).toEqual([]);
    });

    it('keeps one schedule per name however many processes set it; a new spec replaces it; unschedule removes it', async () => {
      await scheduleEverywhere('nightly-train', { cron: '0 3 * * *', kind: 'train' });
      for (const queue of queues) {
        const [only, ...others] = await queue.schedules();
        expect(others).toEqual([]);
        expect(only).toMatchObject({ name: 'nightly-train', cron: '0 3 * * *', kind: 'train', timezone: 'UTC' });
        expect(new Date(only?.next ?? '').getUTCHours()).toBe(3);
      }
      await (queues[0] as JobQueue).schedule('nightly-train', { cron: '30 4 * * *', kind: 'train', timezone: 'Europe/Berlin' });
      const [replaced, ...others] = await (queues.at(-1) as JobQueue).schedules();
      expect(others).toEqual([]);
      expect(replaced).toMatchObject({ cron: '30 4 * * *', timezone: 'Europe/Berlin' });
      const next = new Date(replaced?.next ?? '');
      expect(next.getTime()).toBeGreaterThan(Date.now());
      expect(next.toLocaleTimeString('en-GB', { timeZone: 'Europe/Berlin' })).toBe('04:30:00');
      await (queues.at(-1) as JobQueue).unschedule('nightly-train');
      await (queues[0] as JobQueue).unschedule('no-such-schedule');
      expect(await (queues[0] as JobQueue).schedules()).toEqual([]);
    });

    it(
      'starts nothing on a tick while a job of that kind is queued or running, whoever submitted it; after it ends the next tick starts one',
      async () => {
        const holds = [gate(), gate()];
        let runs = 0;
        let running = 0;
        let mostAtOnce = 0;
        const train = async () => {
          const hold = holds[runs++];
          mostAtOnce = Math.max(mostAtOnce, ++running);
          try {
            await hold?.opened;
          } finally {
            running--;
          }
        };
        for (const queue of queues) await queue.consume({ train });
        try {
          // An admin's job first: ticks give way to it.
          const adminJob = await (queues[0] as JobQueue).submit('train', {}, { exclusive: true });
          await waitFor('the admin job runs', () => runs === 1);
          await scheduleEverywhere('train-often', { cron: EVERY_SECOND, kind: 'train' });
          const skippedFor = (jobId: string) => ticks.filter((t) => t.outcome === 'skipped' && t.jobId === jobId).length;
          await waitFor('two ticks skipped for the admin job', () => skippedFor(adminJob.id) >= 2);
          expect(runs).toBe(1);
          expect(ticks.every((t) => t.outcome === 'skipped')).toBe(true);

          holds[0]?.release();
          await waitFor('a tick starts the next job', () => runs === 2);
          const started = ticks.find((t) => t.outcome === 'started');
          expect(started).toMatchObject({ schedule: 'train-often', kind: 'train' });
          // Then ticks give way to the job an earlier tick started.
          await waitFor('two ticks skipped for the tick-started job', () => skippedFor(started?.jobId ?? '') >= 2);
          expect(runs).toBe(2);

          holds[1]?.release();
          await waitFor('a later tick starts another', () => runs === 3);
          const schedules = await (queues[0] as JobQueue).schedules();
          expect(schedules[0]?.lastTick).toMatchObject({ schedule: 'train-often', kind: 'train' });

          await (queues.at(-1) as JobQueue).unschedule('train-often');
          await sleep(1_500); // a tick being handled at unschedule may still land
          const seen = ticks.length;
          await sleep(2_000);
          expect(ticks.length).toBe(seen);

          expect(mostAtOnce).toBe(1);
          // One tick per due time across both processes, one job per started tick (plus the admin's).
          expect(new Set(ticks.map((t) => t.dueAt)).size).toBe(ticks.length);
          const startedIds = ticks.filter((t) => t.outcome === 'started').map((t) => t.jobId);
          expect(new Set(startedIds).size).toBe(startedIds.length);
          expect((await jobsOf('train')).map((j) => j.id).sort()).toEqual([adminJob.id, ...startedIds].sort());
        } finally {
          for (const hold of holds) hold.release();
        }
      },
      TEST_MS,
    );

    it(
      'submits one job per tick when several processes schedule the same name',
      async () => {
        let runs = 0;
        for (const queue of queues) await queue.consume({ ping: async (data) => (runs++, data) });
        await scheduleEverywhere('ping', { cron: EVERY_SECOND, kind: 'ping', data: { from: 'schedule' } });
        const started = () => ticks.filter((t) => t.outcome === 'started');
        await waitFor('three ticks start a job', () => started().length >= 3);
        await (queues[0] as JobQueue).unschedule('ping');
        await sleep(1_500);
        // Two schedulers would show as two ticks with one due time.
        expect(new Set(ticks.map((t) => t.dueAt)).size).toBe(ticks.length);
        const jobs = await jobsOf('ping');
        expect(jobs.map((j) => j.id).sort()).toEqual(started().map((t) => t.jobId).sort());
        await waitFor('every ping job ran', async () => (await jobsOf('ping')).every((j) => j.status === 'succeeded'));
        expect(runs).toBe(jobs.length);
        expect((await jobsOf('ping'))[0]?.result).toEqual({ from: 'schedule' });
      },
      TEST_MS,
    );
  });
}
