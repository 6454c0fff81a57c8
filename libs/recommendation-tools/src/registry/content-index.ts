import type { Product } from '@reco/data';
import type { CatalogSnapshot } from './catalog-snapshot';
import { isOffered, type CatalogView } from './catalog-view';

export interface ContentKey {
  /** Category paths as lower-case parts. */
  paths: string[][];
  /** Each distinct path once, as one string (a path listed twice must not count its tags twice). */
  pathIds: Map<string, string[]>;
  tags: Set<string>;
}

// Per product object: a catalogue change replaces the objects it changes, and only those.
const keys = new WeakMap<Product, ContentKey>();

export function contentKey(p: Product): ContentKey {
  let key = keys.get(p);
  if (!key) {
    const paths = p.categories.map((c) => c.split('>').map((part) => part.trim().toLowerCase()));
    key = { paths, pathIds: new Map(paths.map((parts) => [parts.join('\u0000'), parts])), tags: new Set(p.tags.map((t) => t.toLowerCase())) };
    keys.set(p, key);
  }
  return key;
}

/** Slots of offered products (see ContentIndex), ascending: all of them and by tag id. */
export interface ProductSet {
  members: number[];
  byTag: Map<number, number[]>;
}

/** The offered products of one category path. */
export interface PathGroup extends ProductSet {
  parts: string[];
}

// Free tag storage left by changes is reclaimed once it outweighs the tags in use.
const MIN_TAG_GARBAGE = 4096;

function firstNotBelow(list: readonly number[], slot: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < slot) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSlot(list: number[], slot: number): void {
  if (list.length === 0 || list[list.length - 1] < slot) list.push(slot);
  else list.splice(firstNotBelow(list, slot), 0, slot);
}

/** Removes the slot; true when the list is empty after. */
function removeSlot(list: number[], slot: number): boolean {
  const at = firstNotBelow(list, slot);
  if (list[at] === slot) list.splice(at, 1);
  return list.length === 0;
}

function grown<T extends Uint32Array | Uint16Array | Int32Array | Float64Array>(array: T, length: number): T {
  if (array.length >= length) return array;
  const next = new (array.constructor as new (n: number) => T)(Math.max(length, array.length * 2, 64));
  next.set(array);
  return next;
}

/**
 * The offered products of the catalogue in flat arrays, by category path (groups found by their
 * first part) and by tag: what a query reads per product is a few typed-array slots, not objects
 * and sets. Each product holds a slot while offered; a change frees and takes slots and edits
 * the sorted slot lists it is in (binary search, splice), never the whole index.
 */
export class ContentIndex implements CatalogView {
  /** Id of the product in each slot; '' when the slot is free. */
  readonly ids: string[] = [];
  price = new Float64Array(0);
  /** Tags of the product in slot p: tagIds[tagFrom[p] .. tagTo[p]). */
  tagFrom = new Int32Array(0);
  tagTo = new Int32Array(0);
  tagIds = new Int32Array(0);
  readonly tagId = new Map<string, number>();
  /** Every offered product by tag (its `members` are not kept: no query reads them). */
  readonly everything: ProductSet = { members: [], byTag: new Map() };
  readonly groupsByTop = new Map<string, PathGroup[]>();
  /** Marks reused by every query, valid where they hold the current stamp: seen products, own tags. */
  seenAt = new Uint32Array(0);
  ownTagAt = new Uint32Array(0);
  /** Shared-tag counts of the products of the set being visited. */
  countAt = new Uint32Array(0);
  count = new Uint16Array(0);
  /** The visited set's products sharing a tag, met order, then by shared tags (scratch, one slot each). */
  sharing = new Int32Array(0);
  byShared = new Int32Array(0);
  private queryStamp = 0;
  private passStamp = 0;
  private readonly groups = new Map<string, PathGroup>();
  private readonly slotOf = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private tagEnd = 0;
  private tagGarbage = 0;

  constructor(products: Iterable<Product>) {
    for (const p of products) if (isOffered(p)) this.add(p);
  }

  replace(previous: Product | undefined, next: Product | undefined): void {
    if (previous && isOffered(previous)) this.remove(previous);
    if (next && isOffered(next)) this.add(next);
  }

  /** A fresh query stamp; when the counter would wrap, its marks are cleared first. */
  nextQuery(): number {
    if (this.queryStamp === 0xffffffff) {
      this.seenAt.fill(0);
      this.ownTagAt.fill(0);
      this.queryStamp = 0;
    }
    return ++this.queryStamp;
  }

  nextPass(): number {
    if (this.passStamp === 0xffffffff) {
      this.countAt.fill(0);
      this.passStamp = 0;
    }
    return ++this.passStamp;
  }

  private add(p: Product): void {
    const key = contentKey(p);
    const slot = this.takeSlot(p.id);
    this.price[slot] = p.price;
    this.tagIds = grown(this.tagIds, this.tagEnd + key.tags.size);
    this.tagFrom[slot] = this.tagEnd;
    for (const tag of key.tags) {
      let t = this.tagId.get(tag);
      if (t === undefined) this.tagId.set(tag, (t = this.tagId.size));
      this.tagIds[this.tagEnd++] = t;
    }
    this.tagTo[slot] = this.tagEnd;
    this.ownTagAt = grown(this.ownTagAt, this.tagId.size);
    this.addTo(this.everything, slot, false);
    for (const [id, parts] of key.pathIds) {
      let group = this.groups.get(id);
      if (!group) {
        this.groups.set(id, (group = { parts, members: [], byTag: new Map() }));
        const top = this.groupsByTop.get(parts[0]);
        if (top) top.push(group);
        else this.groupsByTop.set(parts[0], [group]);
      }
      this.addTo(group, slot, true);
    }
  }

  /** Takes out the product object added for this id (`p` is that object: contentKey remembers it). */
  private remove(p: Product): void {
    const slot = this.slotOf.get(p.id);
    if (slot === undefined) return;
    this.removeFrom(this.everything, slot, false);
    for (const id of contentKey(p).pathIds.keys()) {
      const group = this.groups.get(id);
      if (!group || !this.removeFrom(group, slot, true)) continue;
      // No product left on this path: the group goes, so queries do not meet empty groups.
      this.groups.delete(id);
      const top = this.groupsByTop.get(group.parts[0]) ?? [];
      top.splice(top.indexOf(group), 1);
      if (top.length === 0) this.groupsByTop.delete(group.parts[0]);
    }
    this.tagGarbage += this.tagTo[slot] - this.tagFrom[slot];
    this.tagFrom[slot] = this.tagTo[slot] = 0;
    this.ids[slot] = '';
    this.slotOf.delete(p.id);
    this.freeSlots.push(slot);
    if (this.tagGarbage > MIN_TAG_GARBAGE && this.tagGarbage > this.tagEnd / 2) this.compactTags();
  }

  private addTo(set: ProductSet, slot: number, withMembers: boolean): void {
    if (withMembers) insertSlot(set.members, slot);
    for (let s = this.tagFrom[slot]; s < this.tagTo[slot]; s++) {
      const list = set.byTag.get(this.tagIds[s]);
      if (list) insertSlot(list, slot);
      else set.byTag.set(this.tagIds[s], [slot]);
    }
  }

  /** True when the set has no product left. */
  private removeFrom(set: ProductSet, slot: number, withMembers: boolean): boolean {
    for (let s = this.tagFrom[slot]; s < this.tagTo[slot]; s++) {
      const list = set.byTag.get(this.tagIds[s]);
      if (list && removeSlot(list, slot)) set.byTag.delete(this.tagIds[s]);
    }
    return withMembers && removeSlot(set.members, slot);
  }

  private takeSlot(id: string): number {
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.ids.length;
      this.ids.push(id);
      const length = this.ids.length;
      this.price = grown(this.price, length);
      this.tagFrom = grown(this.tagFrom, length);
      this.tagTo = grown(this.tagTo, length);
      this.seenAt = grown(this.seenAt, length);
      this.countAt = grown(this.countAt, length);
      this.count = grown(this.count, length);
      this.sharing = grown(this.sharing, length);
      this.byShared = grown(this.byShared, length);
    } else this.ids[slot] = id;
    this.slotOf.set(id, slot);
    return slot;
  }

  /** Copies the tags in use to the front of a new array, slot by slot. */
  private compactTags(): void {
    const tagIds = new Int32Array(Math.max(64, (this.tagEnd - this.tagGarbage) * 2));
    let end = 0;
    for (let slot = 0; slot < this.ids.length; slot++) {
      const from = this.tagFrom[slot];
      const to = this.tagTo[slot];
      this.tagFrom[slot] = end;
      tagIds.set(this.tagIds.subarray(from, to), end);
      end += to - from;
      this.tagTo[slot] = end;
    }
    this.tagIds = tagIds;
    this.tagEnd = end;
    this.tagGarbage = 0;
  }
}

/** The catalogue's content index (CatalogSnapshot.derived: built once, then kept current). */
export function buildContentIndex(catalog: CatalogSnapshot): ContentIndex {
  return new ContentIndex(catalog.all());
}
