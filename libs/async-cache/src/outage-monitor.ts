import type { CacheCounters } from './cache-counters';
import { errorMessage, type CacheLogger } from './cache-logger';

/** The check that ends an outage: resolves only once the backend is fit to serve again. */
export type RecoveryProbe = () => Promise<void>;

/**
 * A circuit breaker for one backend. Up: calls go through. Down (open): every call falls back at
 * once, so an outage costs no call a timeout; in the background one probe runs per `retryMs` (and
 * at once when the connection comes back), and only a probe that succeeds ends the outage. Warns
 * once per outage and counts it.
 */
export class OutageMonitor {
  private down = false;
  private downSince = 0;
  private probe: RecoveryProbe | undefined;
  private probing = false;
  /** A failure reported while a probe ran: that probe's success does not count. */
  private failedDuringProbe = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly backend: string,
    private readonly logger: CacheLogger,
    private readonly counters: CacheCounters,
    private readonly retryMs: number,
  ) {}

  /** Set once by the store that owns this monitor. */
  probeWith(probe: RecoveryProbe): void {
    this.probe = probe;
  }

  get available(): boolean {
    return !this.down;
  }

  /** Whether a call may go to the backend now: never while it is down. */
  allows(): boolean {
    return !this.down;
  }

  failed(err: unknown, during: string): void {
    if (this.probing) this.failedDuringProbe = true;
    if (this.down || this.stopped) return;
    this.down = true;
    this.downSince = Date.now();
    this.counters.outages++;
    this.logger.warn(
      { backend: this.backend, during, err: errorMessage(err) },
      `${this.backend} unavailable: cache falls back to local data and loaders until it answers again`,
    );
    this.timer = setInterval(() => void this.probeNow(), this.retryMs);
    this.timer.unref();
  }

  /** Probes now (the connection just came back, say); nothing while up or while a probe runs. */
  async probeNow(): Promise<void> {
    if (!this.down || this.probing || !this.probe || this.stopped) return;
    this.probing = true;
    this.failedDuringProbe = false;
    try {
      await this.probe();
    } catch {
      return; // still down: the next interval probes again
    } finally {
      this.probing = false;
    }
    if (!this.failedDuringProbe) this.recovered();
  }

  /** No more probes: the store is closing. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  private recovered(): void {
    if (!this.down || this.stopped) return;
    this.down = false;
    clearInterval(this.timer);
    this.logger.info({ backend: this.backend, outageMs: Date.now() - this.downSince }, `${this.backend} available again: cache resumed`);
  }
}
