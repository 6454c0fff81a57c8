import type { RateLimitHit, RateLimitStore } from './rate-limit-store';

/** One process's counters; windows that ended are swept as they are touched and once per window. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();
  private lastSweep = Date.now();

  hit(key: string, windowMs: number): RateLimitHit {
    const now = Date.now();
    if (now - this.lastSweep > windowMs) this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { count: 0, endsAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetMs: window.endsAt - now };
  }

  async close(): Promise<void> {
    this.windows.clear();
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}
