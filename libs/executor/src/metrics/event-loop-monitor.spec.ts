import { EventLoopMonitor } from '../index';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('EventLoopMonitor', () => {
  it('reports zeros before any sample', () => {
    expect(new EventLoopMonitor().snapshot()).toEqual({ p50: 0, p90: 0, p99: 0, max: 0, mean: 0, count: 0 });
  });

  it('sees the loop blocked by synchronous work, and resets', async () => {
    const monitor = new EventLoopMonitor(5).start();
    expect(monitor.isRunning).toBe(true);
    await sleep(50);
    const block = Date.now();
    while (Date.now() - block < 120); // block the event loop
    await sleep(30);
    const blocked = monitor.snapshot();
    expect(blocked.count).toBeGreaterThan(0);
    expect(blocked.max).toBeGreaterThanOrEqual(100);
    expect(blocked.p50).toBeLessThan(blocked.max); // one long stall, not a slow loop throughout

    monitor.reset();
    expect(monitor.snapshot().count).toBe(0);
    await sleep(60);
    expect(monitor.snapshot().max).toBeLessThan(blocked.max);
    monitor.stop();
    expect(monitor.isRunning).toBe(false);
  });
});

describe('EventLoopMonitor on an idle loop', () => {
  it('reports the delay beyond the sampling period, near zero when idle', async () => {
    const monitor = new EventLoopMonitor(10).start();
    await sleep(200);
    const idle = monitor.stop().snapshot();
    expect(idle.count).toBeGreaterThan(5);
    expect(idle.p50).toBeLessThanOrEqual(idle.p99);
    expect(idle.p99).toBeLessThanOrEqual(idle.max);
  });
});
