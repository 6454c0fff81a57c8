import { performance } from 'node:perf_hooks';
import { gather } from '@reco/executor';
import { defineBenchmark } from '../benchmark';
import { round } from '../stats';

const DELAYS_MS = [100, 150, 200];
const ROUNDS = 5;
const TARGET_CONCURRENT_OVER_SLOWEST = 1.05;
const TARGET_SEQUENTIAL_OVER_CONCURRENT = 2.2;

// An I/O call: resolves after `ms` on a timer, like a database or HTTP round trip.
const ioCall = (ms: number) => (signal?: AbortSignal) =>
  new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => resolve(ms), ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export default defineBenchmark({
  name: 'fanout',
  description: 'Three I/O calls (100/150/200 ms) through gather vs awaited one after another',
  async run() {
    const concurrent: number[] = [];
    const sequential: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const { results, wallMs } = await gather(DELAYS_MS.map(ioCall), { deadlineMs: 1_000 });
      if (!results.every((r) => r.ok)) throw new Error('a fan-out call failed');
      concurrent.push(wallMs);

      const started = performance.now();
      for (const ms of DELAYS_MS) await ioCall(ms)();
      sequential.push(performance.now() - started);
    }
    const slowest = Math.max(...DELAYS_MS);
    const concurrentMs = median(concurrent);
    const sequentialMs = median(sequential);
    const concurrentOverSlowest = concurrentMs / slowest;
    const sequentialOverConcurrent = sequentialMs / concurrentMs;
    return {
      bench: 'fanout',
      callsMs: DELAYS_MS,
      rounds: ROUNDS,
      concurrentWallMs: round(concurrentMs, 1),
      sequentialWallMs: round(sequentialMs, 1),
      concurrentOverSlowest: round(concurrentOverSlowest),
      sequentialOverConcurrent: round(sequentialOverConcurrent),
      targets: { concurrentOverSlowestMax: TARGET_CONCURRENT_OVER_SLOWEST, sequentialOverConcurrentMin: TARGET_SEQUENTIAL_OVER_CONCURRENT },
      pass: concurrentOverSlowest <= TARGET_CONCURRENT_OVER_SLOWEST && sequentialOverConcurrent >= TARGET_SEQUENTIAL_OVER_CONCURRENT,
    };
  },
});
