import type { Database, DatabaseHandle } from '@reco/data';
import { allPlacements } from './built-in-placements';
import type { Experiment, Placement, Rule } from './merchandising-schemas';
import { byRuleOrder } from './rule-matching';
import { experimentFromStored, parseStored, placementFromStored, ruleFromStored, type MerchandisingLogger } from './stored-objects';

/** One consistent copy of the shop's merchandising, as served; never changed once made. */
export interface MerchandisingSnapshot {
  /** The database's merchandising revision it was read at (0: nothing stored yet). */
  readonly revision: number;
  /** Every rule that parses, enabled or not, by name then id (apply activeRules). */
  readonly rules: readonly Rule[];
  /** Built-in placements, overridden by stored ones, and custom ones: by name. */
  readonly placements: ReadonlyMap<string, Placement>;
  /** Every experiment that parses, whatever its state, by name then id. */
  readonly experiments: readonly Experiment[];
}

export interface MerchandisingStoreDeps {
  database: DatabaseHandle;
  /** Where stored bodies that no longer parse, and failed reads, are reported. */
  logger?: MerchandisingLogger;
  /** Called after this process wrote (see `changed`): the runtime publishes a cluster signal. */
  onChanged?: () => void;
  /** How often the revision is compared at most; default 500 ms, so another instance's change shows within 1 s. */
  pollMs?: number;
}

const DEFAULT_POLL_MS = 500;
const quietLogger: MerchandisingLogger = { warn: () => undefined };

/**
 * The merchandising every list is served with, kept current on every instance: `current()`
 * compares the database's revision (one indexed read) at most every `pollMs` and reads
 * everything again when it moved; a signal from another instance (`invalidate`) or a write here
 * (`changed`) makes the next use compare at once. When a read fails after a first success, the
 * last copy is served (logged) and the read tried again after `pollMs`; the first read's failure
 * is the caller's.
 */
export class MerchandisingStore {
  private snapshot: MerchandisingSnapshot | undefined;
  private checkedAt = -Infinity;
  /** Bumped by invalidate: a check started before it may have missed the change. */
  private generation = 0;
  private checkedGeneration = -1;
  private pending: { generation: number; promise: Promise<MerchandisingSnapshot> } | undefined;
  /** Checks are numbered when they start; one applies only over an older one's result. */
  private started = 0;
  private applied = 0;
  private readonly logger: MerchandisingLogger;
  private readonly pollMs: number;

  constructor(private readonly deps: MerchandisingStoreDeps) {
    this.logger = deps.logger ?? quietLogger;
    this.pollMs = deps.pollMs ?? DEFAULT_POLL_MS;
  }

  /** The current snapshot: from memory, unless a revision check is due. */
  current(): Promise<MerchandisingSnapshot> {
    const snapshot = this.snapshot;
    if (snapshot && this.checkedGeneration === this.generation && performance.now() - this.checkedAt < this.pollMs) return Promise.resolve(snapshot);
    // Callers meanwhile share one check, unless an invalidate came after it started.
    if (this.pending?.generation === this.generation) return this.pending.promise;
    const generation = this.generation;
    const promise = this.check(generation).finally(() => {
      if (this.pending?.promise === promise) this.pending = undefined;
    });
    this.pending = { generation, promise };
    return promise;
  }

  /**
   * The last snapshot read, without checking; undefined before the first and after an
   * invalidate (a write here or a signal) until the next check: a caller that cannot wait for I/O
   * must not serve a copy known to be out of date (it takes the path through `current()`).
   */
  loaded(): MerchandisingSnapshot | undefined {
    return this.checkedGeneration === this.generation ? this.snapshot : undefined;
  }

  /** Another instance changed something (a cluster signal): compare the revision at the next use. */
  invalidate(): void {
    this.generation++;
  }

  /** This process wrote: compare at the next use and tell the other instances (onChanged). */
  changed(): void {
    this.invalidate();
    try {
      this.deps.onChanged?.();
    } catch (err) {
      this.logger.warn({ err }, 'merchandising changed; telling the other instances failed');
    }
  }

  private async check(generation: number): Promise<MerchandisingSnapshot> {
    const order = ++this.started;
    const startedAt = performance.now();
    try {
      const db = await this.deps.database.get();
      // The revision is read before the objects: a write between the two reads makes the copy
      // newer than its revision, never older, so the next check reads again at worst.
      const revision = await db.merchandising.revision();
      const known = this.snapshot;
      const next = known && known.revision === revision ? known : await this.read(db, revision);
      if (order > this.applied) {
        this.applied = order;
        this.snapshot = next;
        this.checkedAt = startedAt;
        this.checkedGeneration = generation;
      }
      return this.snapshot ?? next;
    } catch (err) {
      if (!this.snapshot) throw err;
      this.logger.warn({ err }, 'reading merchandising failed; serving the last copy');
      this.checkedAt = startedAt;
      this.checkedGeneration = generation;
      return this.snapshot;
    }
  }

  private async read(db: Database, revision: number): Promise<MerchandisingSnapshot> {
    const [rules, placements, experiments] = await Promise.all([db.merchandising.list('rule'), db.merchandising.list('placement'), db.merchandising.list('experiment')]);
    return Object.freeze({
      revision,
      rules: Object.freeze(parseStored('rule', rules, ruleFromStored, this.logger).sort(byRuleOrder)),
      placements: allPlacements(parseStored('placement', placements, placementFromStored, this.logger)),
      experiments: Object.freeze(parseStored('experiment', experiments, experimentFromStored, this.logger).sort(byRuleOrder)),
    });
  }
}
