import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface EventLoopDelaySnapshot {
  /** How late the loop ran past each sampling period, in ms (0 = on time). */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  /** Samples taken since the last reset. */
  count: number;
}

/**
 * Event-loop delay (perf_hooks.monitorEventLoopDelay): how late the loop ran its timers. A high
 * p99 means something blocks the loop: CPU work that belongs in the executor pool.
 */
export class EventLoopMonitor {
  private readonly histogram: IntervalHistogram;
  private readonly resolutionNs: number;
  private running = false;

  /** `resolutionMs`: sampling period; lower is finer and costs more. */
  constructor(resolutionMs = 10) {
    const resolution = Math.max(1, Math.round(resolutionMs));
    this.histogram = monitorEventLoopDelay({ resolution });
    this.resolutionNs = resolution * 1e6;
  }

  start(): this {
    if (!this.running) this.histogram.enable();
    this.running = true;
    return this;
  }

  stop(): this {
    if (this.running) this.histogram.disable();
    this.running = false;
    return this;
  }

  get isRunning(): boolean {
    return this.running;
  }

  reset(): this {
    this.histogram.reset();
    return this;
  }

  snapshot(): EventLoopDelaySnapshot {
    const h = this.histogram;
    // An empty histogram reports NaN/huge sentinels; metrics want zeros.
    if (h.count === 0) return { p50: 0, p90: 0, p99: 0, max: 0, mean: 0, count: 0 };
    // node records the whole sampling interval; the delay is what exceeds the period.
    const ms = (ns: number) => Math.round(Math.max(0, ns - this.resolutionNs) / 1e4) / 100;
    return { p50: ms(h.percentile(50)), p90: ms(h.percentile(90)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean), count: h.count };
  }
}
