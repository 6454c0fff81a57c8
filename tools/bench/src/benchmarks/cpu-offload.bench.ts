import { performance } from 'node:perf_hooks';
import { AsyncExecutor, defineTask, EventLoopMonitor } from '@reco/executor';
import { defineBenchmark } from '../benchmark';
import { round, summarize } from '../stats';

const WORK_MS = 2_000;
const TICK_MS = 10;
const TARGET_P99_MS = 20;

/** Real CPU work: a tight numeric loop for `ms` (by the clock, so both runs do the same time). */
function burn(ms: number): number {
  const started = performance.now();
  let acc = 0;
  let i = 0;
  while (performance.now() - started < ms) {
    for (let j = 0; j < 10_000; j++) acc += Math.sqrt(++i) * Math.sin(i);
  }
  return acc;
}

// This module doubles as the task module: the worker loads it and calls this export.
export const burnCpu = defineTask(({ ms }: { ms: number }) => ({ acc: burn(ms) }));

/** Records how late a 10 ms interval fires on the main thread while `work` runs. */
async function measureWhile(work: () => Promise<unknown>) {
  const lateness: number[] = [];
  const monitor = new EventLoopMonitor(TICK_MS).start();
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    lateness.push(Math.max(0, now - last - TICK_MS));
    last = now;
  }, TICK_MS);
  const started = performance.now();
  // Yield once so the ticker is armed before inline work takes the thread.
  await new Promise((resolve) => setTimeout(resolve, TICK_MS * 2));
  await work();
  await new Promise((resolve) => setTimeout(resolve, TICK_MS * 3));
  clearInterval(ticker);
  const loopDelay = monitor.stop().snapshot();
  const ticks = summarize(lateness);
  return { wallMs: round(performance.now() - started, 1), ticks: ticks.count, tickLatenessP99Ms: ticks.p99, tickLatenessMaxMs: ticks.max, loopDelayP99Ms: loopDelay.p99 };
}

export default defineBenchmark({
  name: 'cpu-offload',
  description: `${WORK_MS / 1000} s of CPU work in the worker pool while a ${TICK_MS} ms timer ticks on the main thread (vs inline)`,
  async run() {
    const executor = new AsyncExecutor({ threads: 1 });
    const burnTask = executor.registerTask<{ ms: number }, { acc: number }>('burn-cpu', __filename, { exportName: 'burnCpu' });
    try {
      await executor.run(burnTask, { ms: 1 }); // start the worker and load the module before measuring
      const pool = await measureWhile(() => executor.run(burnTask, { ms: WORK_MS }));
      const inline = await measureWhile(async () => burn(WORK_MS));
      const p99 = Math.max(pool.tickLatenessP99Ms, pool.loopDelayP99Ms);
      return {
        bench: 'cpu-offload',
        workMs: WORK_MS,
        tickMs: TICK_MS,
        pool,
        inline,
        poolEventLoopDelayP99Ms: round(p99, 2),
        inlineEventLoopDelayP99Ms: round(Math.max(inline.tickLatenessP99Ms, inline.loopDelayP99Ms), 2),
        executor: executor.stats(),
        targets: { poolEventLoopDelayP99MsMax: TARGET_P99_MS },
        pass: p99 <= TARGET_P99_MS,
      };
    } finally {
      await executor.close();
    }
  },
});
