import type { DatabaseHandle, ExposureInput } from '@reco/data';

export interface ExposureLogOptions {
  /** A batch is written at least this often while exposures wait. */
  flushMs?: number;
  /** Rows per write; reaching it writes at once (unless the database is failing). */
  batchSize?: number;
  /** Rows kept while the database cannot take them; beyond it the oldest are dropped (and counted). */
  maxBuffered?: number;
  /** How long close() keeps trying to write what is left. */
  closeTimeoutMs?: number;
}

export interface ExposureLogLogger {
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
}

export interface ExposureLogStats {
  /** Waiting to be written (including a batch being written). */
  buffered: number;
  /** Rows the database took (repeats of a stored id included: it skips them). */
  written: number;
  /** Dropped: the oldest beyond maxBuffered while the database was failing, invalid ones, and any left at close. */
  dropped: number;
  /** Whether the last write failed. */
  failing: boolean;
}

const ID_LIMIT = 128;

/** Why the repository would refuse this row (so one bad row never blocks its batch), or null. */
function problemWith(e: ExposureInput): string | null {
  for (const name of ['recommendationId', 'experimentId', 'arm'] as const) {
    const value = e[name] as unknown;
    if (typeof value !== 'string' || value.length === 0 || value.length > ID_LIMIT) return `${name}: must be 1-${ID_LIMIT} characters`;
  }
  if (!e.customerId && !e.sessionId) return 'customerId: an exposure needs a customerId or a sessionId';
  if (!Array.isArray(e.productIds)) return 'productIds: must be a list of product ids';
  if (!(e.at instanceof Date) || Number.isNaN(e.at.getTime())) return 'at: must be a valid date';
  return null;
}

/**
 * Exposures written in batches off the request's path: `record()` only appends to a buffer; a
 * timer (every flushMs) or a full batch writes them with db.exposures.recordMany. While the
 * database fails, rows stay buffered for the next try (only the timer retries, so a failing
 * database is not hit once per request), up to maxBuffered: beyond it the oldest are dropped and
 * counted. One warning per outage, one note when writing works again. Writes are idempotent by
 * recommendationId, so a batch whose outcome was unknown can be written again without doubling.
 */
export class ExposureLog {
  private readonly flushMs: number;
  private readonly batchSize: number;
  private readonly maxBuffered: number;
  private readonly closeTimeoutMs: number;
  private buffer: ExposureInput[] = [];
  /** The batch being written: still counted as buffered, put back first when the write fails. */
  private inFlight: ExposureInput[] = [];
  private writing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private failing = false;
  private written = 0;
  private dropped = 0;
  private droppedInOutage = 0;

  constructor(
    private readonly deps: { database: DatabaseHandle; logger?: ExposureLogLogger },
    options: ExposureLogOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 1000;
    this.batchSize = options.batchSize ?? 500;
    this.maxBuffered = options.maxBuffered ?? 50_000;
    this.closeTimeoutMs = options.closeTimeoutMs ?? 5000;
    for (const [field, value] of Object.entries({ flushMs: this.flushMs, batchSize: this.batchSize, maxBuffered: this.maxBuffered, closeTimeoutMs: this.closeTimeoutMs })) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`ExposureLog ${field}: must be a whole number >= 1 (got ${value})`);
    }
    if (this.maxBuffered < this.batchSize) throw new RangeError(`ExposureLog maxBuffered: must be at least batchSize (${this.maxBuffered} < ${this.batchSize})`);
  }

  /** Queues one exposure; returns at once and never throws (a logging failure must not fail an answer). */
  record(exposure: ExposureInput): void {
    try {
      if (this.closed) {
        this.dropped++;
        return;
      }
      const problem = problemWith(exposure);
      if (problem) {
        this.dropped++;
        this.log('warn', { recommendationId: exposure.recommendationId, problem }, 'exposure not logged: invalid');
        return;
      }
      this.buffer.push(exposure);
      this.enforceBound();
      if (!this.timer) {
        this.timer = setTimeout(() => this.onTimer(), this.flushMs);
        this.timer.unref();
      }
      if (this.buffer.length >= this.batchSize && !this.failing && !this.writing) void this.write('full batches');
    } catch {
      // Only an argument that is no exposure object gets here; it must not fail an answer.
      this.dropped++;
    }
  }

  /** Writes everything buffered now (one batch after another); resolves when done or the database failed. */
  flush(): Promise<void> {
    return this.write('all');
  }

  /** One write at a time: each waits for the one before. */
  private write(what: 'all' | 'full batches'): Promise<void> {
    const run = (this.writing ?? Promise.resolve()).then(() => this.writeBatches(what === 'all' ? 1 : this.batchSize));
    const tracked = run.finally(() => {
      if (this.writing === tracked) this.writing = undefined;
    });
    this.writing = tracked;
    return tracked;
  }

  /** Stops the timer and writes what is left, trying again until closeTimeoutMs; later records are dropped. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const deadline = Date.now() + this.closeTimeoutMs;
    while (this.pending() > 0 && Date.now() < deadline) {
      const remaining = deadline - Date.now();
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([this.flush(), new Promise<void>((resolve) => (timeout = setTimeout(resolve, remaining)))]);
      clearTimeout(timeout);
      if (this.pending() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, Math.min(100, deadline - Date.now())));
    }
    const lost = this.pending();
    if (lost > 0) {
      this.dropped += lost;
      this.buffer = [];
      this.log('warn', { lost, closeTimeoutMs: this.closeTimeoutMs }, 'exposure log closed with exposures not written');
    }
  }

  stats(): ExposureLogStats {
    return { buffered: this.pending(), written: this.written, dropped: this.dropped, failing: this.failing };
  }

  /** A failing logger must not break writing (nor, through record(), an answer). */
  private log(level: 'warn' | 'info', obj: object, msg: string): void {
    try {
      this.deps.logger?.[level](obj, msg);
    } catch {
      // Nothing better to do with a broken logger.
    }
  }

  private pending(): number {
    return this.buffer.length + this.inFlight.length;
  }

  private onTimer(): void {
    this.timer = undefined;
    void this.flush().finally(() => {
      // Rows still waiting (the database failed, or more came meanwhile): try again in flushMs.
      if (!this.closed && this.buffer.length > 0 && !this.timer) {
        this.timer = setTimeout(() => this.onTimer(), this.flushMs);
        this.timer.unref();
      }
    });
  }

  private enforceBound(): void {
    const over = this.pending() - this.maxBuffered;
    if (over <= 0) return;
    // The oldest waiting rows go; the batch being written stays (it may already be stored).
    const removed = this.buffer.splice(0, Math.min(over, this.buffer.length)).length;
    this.dropped += removed;
    this.droppedInOutage += removed;
  }

  /** Writes batches while at least `minimum` rows wait; stops at the first failure. */
  private async writeBatches(minimum: number): Promise<void> {
    while (this.buffer.length >= minimum && this.buffer.length > 0) {
      this.inFlight = this.buffer.splice(0, this.batchSize);
      try {
        const db = await this.deps.database.get();
        await db.exposures.recordMany(this.inFlight);
        this.written += this.inFlight.length;
        this.inFlight = [];
        if (this.failing) {
          this.failing = false;
          this.log('info', { dropped: this.droppedInOutage, buffered: this.buffer.length }, 'exposure log writing again');
          this.droppedInOutage = 0;
        }
      } catch (err) {
        // Back at the front, in order, for the next try; the bound applies again.
        this.buffer = this.inFlight.concat(this.buffer);
        this.inFlight = [];
        this.enforceBound();
        if (!this.failing) {
          this.failing = true;
          this.log('warn', { err, buffered: this.buffer.length }, 'exposure log cannot write; keeping exposures for the next try');
        }
        return;
      }
    }
  }
}
