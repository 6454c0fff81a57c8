/**
 * Per-item working arrays of one ranking call, allocated once per Recommender rather than per
 * request (at 100k products five fresh arrays a call cost more than the scoring). Only the items
 * a call writes are "touched"; `reset` puts exactly those back to their defaults, so the next
 * call pays for its own customer's items, not for the catalogue.
 */
export class RankingScratch {
  /** The customer's own repeat score per item (0: none). */
  readonly repeat: Float32Array;
  /** The learned item-item score per item (0: none). */
  readonly similar: Float32Array;
  /** The largest single item-item contribution to an item, and the owned item it came from (-1: none). */
  readonly bestContribution: Float32Array;
  readonly bestSource: Int32Array;
  /** 1: bought in training or in a live purchase event. */
  readonly bought: Uint8Array;
  /** Scores of this call's candidates; each is written before it is read, so it is never reset. */
  readonly score: Float32Array;
  /** Set while a call uses these arrays (a re-entrant call, from an `include` callback, takes fresh ones). */
  inUse = false;
  private readonly marked: Uint8Array;
  private readonly touchedItems: Int32Array;
  private touchedCount = 0;

  constructor(readonly size: number) {
    this.repeat = new Float32Array(size);
    this.similar = new Float32Array(size);
    this.bestContribution = new Float32Array(size);
    this.bestSource = new Int32Array(size).fill(-1);
    this.bought = new Uint8Array(size);
    this.score = new Float32Array(size);
    this.marked = new Uint8Array(size);
    this.touchedItems = new Int32Array(size);
  }

  /** Records that this call writes item `j` (idempotent). */
  touch(j: number): void {
    if (this.marked[j]) return;
    this.marked[j] = 1;
    this.touchedItems[this.touchedCount++] = j;
  }

  isTouched(j: number): boolean {
    return this.marked[j] === 1;
  }

  /** The items touched so far, in the order they were first touched. */
  touched(): Int32Array {
    return this.touchedItems.subarray(0, this.touchedCount);
  }

  /** Puts every touched item back to its default: O(touched), not O(items). */
  reset(): void {
    for (let t = 0; t < this.touchedCount; t++) {
      const j = this.touchedItems[t];
      this.repeat[j] = 0;
      this.similar[j] = 0;
      this.bestContribution[j] = 0;
      this.bestSource[j] = -1;
      this.bought[j] = 0;
      this.marked[j] = 0;
    }
    this.touchedCount = 0;
  }
}
