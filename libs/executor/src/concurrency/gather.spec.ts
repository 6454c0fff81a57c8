import { performance } from 'node:perf_hooks';
import { ExecutorError, gather } from '../index';

const after = <T>(ms: number, value: T) => (signal: AbortSignal) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => resolve(value), ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
const ignoring = <T>(ms: number, value: T) => () => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('gather', () => {
  it('runs calls concurrently: wall time is the slowest call, not the sum', async () => {
    const events: string[] = [];
    const traced = <T>(name: string, ms: number, value: T) => async (signal: AbortSignal) => {
      events.push(`start ${name}`);
      const result = await after(ms, value)(signal);
      events.push(`end ${name}`);
      return result;
    };
    const { results, wallMs } = await gather([traced('a', 100, 'a'), traced('b', 150, 2), traced('c', 200, true)]);
    expect(results.map((r) => r.ok && r.data)).toEqual(['a', 2, true]);
    // All three start before the first ends: concurrency shown by order, not by a clock.
    expect(events).toEqual(['start a', 'start b', 'start c', 'end a', 'end b', 'end c']);
    expect(wallMs).toBeGreaterThanOrEqual(195);
    expect(results[0].ms).toBeGreaterThanOrEqual(95);
  });

  it('settles every call: one failure does not fail the others', async () => {
    const { results } = await gather({
      good: after(10, { items: [1] }),
      bad: async () => {
        throw new TypeError('boom');
      },
      thrownString: () => Promise.reject('plain string'),
    });
    expect(results.good).toMatchObject({ ok: true, data: { items: [1] } });
    expect(results.bad).toMatchObject({ ok: false, error: expect.objectContaining({ name: 'TypeError', message: 'boom' }) });
    expect(results.thrownString.ok || results.thrownString.error.message).toBe('plain string');
  });

  it('ends late calls at the deadline with TIMEOUT and keeps the others, even calls ignoring their signal', async () => {
    const started = performance.now();
    // A call's `ms` counts from its own start, which on a busy machine can lag gather's start
    // by a few ms; the deadline counts from gather's start. So each late call's end is placed
    // on the test's clock: when it started plus its `ms`.
    const startedAt: Record<string, number> = {};
    const stamped = <T>(name: string, run: (signal: AbortSignal) => Promise<T>) => (signal: AbortSignal) => {
      startedAt[name] = performance.now();
      return run(signal);
    };
    const { results, wallMs } = await gather(
      { fast: after(20, 'fast'), slow: stamped('slow', after(1_000, 'slow')), deaf: stamped('deaf', ignoring(1_000, 'deaf')) },
      { deadlineMs: 100 },
    );
    expect(performance.now() - started).toBeLessThan(900); // the late calls alone take 1 s
    expect(wallMs).toBeGreaterThanOrEqual(95);
    expect(results.fast).toMatchObject({ ok: true, data: 'fast' });
    for (const [name, late] of [['slow', results.slow], ['deaf', results.deaf]] as const) {
      expect(late.ok).toBe(false);
      if (late.ok) continue;
      expect(late.error).toBeInstanceOf(ExecutorError);
      expect(late.error).toMatchObject({ code: 'TIMEOUT' });
      expect(startedAt[name] - started + late.ms).toBeGreaterThanOrEqual(95);
    }
    expect(!results.slow.ok && results.slow.error.message).toBe('call "slow" deadline of 100 ms passed');
  });

  it('applies per-call timeouts, and a default one', async () => {
    const { results } = await gather([{ run: after(3_000, 'a'), timeoutMs: 50 }, after(3_000, 'b'), { run: after(20, 'c'), timeoutMs: 2_000 }], { timeoutMs: 1_000 });
    expect(results.map((r) => (r.ok ? r.data : (r.error as ExecutorError).code))).toEqual(['TIMEOUT', 'TIMEOUT', 'c']);
    expect(results[0].ms).toBeLessThan(900); // its own 50 ms, not the default 1 s
    expect(results[1].ms).toBeGreaterThanOrEqual(950);
  });

  it('limits concurrency; calls still queued at the deadline fail without starting', async () => {
    let running = 0;
    let peak = 0;
    let starts = 0;
    const tracked = (ms: number) => async (signal: AbortSignal) => {
      starts++;
      running++;
      peak = Math.max(peak, running);
      try {
        return await after(ms, ms)(signal);
      } finally {
        running--;
      }
    };
    const { results, wallMs } = await gather([tracked(50), tracked(50), tracked(50), tracked(50)], { concurrency: 2 });
    expect(peak).toBe(2);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(wallMs).toBeGreaterThanOrEqual(95);

    starts = 0;
    const late = await gather([tracked(100), tracked(100), tracked(100)], { concurrency: 1, deadlineMs: 150 });
    expect(starts).toBe(2);
    expect(late.results.map((r) => r.ok)).toEqual([true, false, false]);
    expect(!late.results[2].ok && late.results[2].error.message).toMatch(/call "2" was not started: deadline/);
    expect(late.results[2].ms).toBe(0);
  });

  it('aborts every running call when the caller signal fires', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const { results } = await gather({ a: after(500, 1), b: after(500, 2) }, { signal: controller.signal });
    expect(Object.values(results).map((r) => !r.ok && (r.error as ExecutorError).code)).toEqual(['ABORTED', 'ABORTED']);
  });

  it('handles an empty call list', async () => {
    await expect(gather([])).resolves.toMatchObject({ results: [] });
  });
});
