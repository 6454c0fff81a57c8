import type { CacheCounters } from './cache-counters';
import { errorMessage, type CacheLogger } from './cache-logger';

/**
 * Tracks whether a backend is down: warns once per outage, counts it, and while down lets one
 * probe through per `retryMs` so a hung server costs one timeout per interval, not one per call.
 */
export class OutageMonitor {
  private down = false;
  private downSince = 0;
  private nextProbeAt = 0;

  constructor(
    private readonly backend: string,
    private readonly logger: CacheLogger,
    private readonly counters: CacheCounters,
    private readonly retryMs: number,
  ) {}

  get available(): boolean {
    return !this.down;
  }

  /** Whether a call may go to the backend now. */
  allows(): boolean {
    if (!this.down) return true;
    const now = Date.now();
    if (now < this.nextProbeAt) return false;
    this.nextProbeAt = now + this.retryMs;
    return true;
  }

  failed(err: unknown, during: string): void {
    this.nextProbeAt = Date.now() + this.retryMs;
    if (this.down) return;
    this.down = true;
    this.downSince = Date.now();
    this.counters.outages++;
    this.logger.warn(
      { backend: this.backend, during, err: errorMessage(err) },
      `${this.backend} unavailable: cache falls back to local data and loaders until it answers again`,
    );
  }

  succeeded(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.info({ backend: this.backend, outageMs: Date.now() - this.downSince }, `${this.backend} available again: cache resumed`);
  }
}
