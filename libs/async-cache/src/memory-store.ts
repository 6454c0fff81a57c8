import { LRUCache } from 'lru-cache';
import { approximateBytes } from './cache-codec';
import {
  versionsMatch,
  type CacheStore,
  type NamespaceScope,
  type ReadResult,
  type StoredEntry,
  type WriteOrigin,
  type WriteTiming,
} from './cache-store';

export interface MemoryStoreOptions {
  maxEntries: number;
  maxBytes: number;
  /** Longest entry lifetime; namespace versions are kept this long after their last bump. */
  maxTtlMs: number;
  /** Namespace versions kept; evicting one clears the store, since its entries could read as fresh again. */
  maxNamespaces?: number;
}

interface MemoryEntry extends StoredEntry {
  size: number;
}

/** In-process LRU bounded by entries and bytes; values are kept by reference. */
export class MemoryStore implements CacheStore {
  readonly lock = undefined;
  readonly available = true;
  readonly remoteReads = false;
  private readonly entries: LRUCache<string, MemoryEntry>;
  private readonly versions: LRUCache<string, number>;

  constructor(options: MemoryStoreOptions) {
    this.entries = new LRUCache<string, MemoryEntry>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      sizeCalculation: (entry) => entry.size,
    });
    this.versions = new LRUCache<string, number>({
      max: options.maxNamespaces ?? 10_000,
      ttl: options.maxTtlMs,
      dispose: (_version, _id, reason) => {
        if (reason === 'evict') this.entries.clear();
      },
    });
  }

  async read(key: string, scope: NamespaceScope): Promise<ReadResult> {
    const versions = this.currentVersions(scope);
    return { entry: this.readNow(key, versions), versions };
  }

  async readMany(keys: readonly string[], scope: NamespaceScope): Promise<(StoredEntry | undefined)[]> {
    const versions = this.currentVersions(scope);
    return keys.map((key) => this.readNow(key, versions));
  }

  peekNow(key: string, scope: NamespaceScope): StoredEntry | undefined {
    const entry = this.readNow(key, this.currentVersions(scope));
    return entry && entry.f > Date.now() ? entry : undefined;
  }

  /** Synchronous read for the tiered store's L1. */
  readNow(key: string, versions: readonly number[]): StoredEntry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.s <= Date.now() || !versionsMatch(entry, versions)) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  async write(key: string, value: unknown, timing: WriteTiming, scope: NamespaceScope, origin: WriteOrigin): Promise<void> {
    const versions = (origin.kind === 'load' ? origin.versions : undefined) ?? this.currentVersions(scope);
    this.writeNow(key, { v: value, f: timing.freshUntil, s: Date.now() + timing.lifetimeMs, n: versions });
  }

  writeNow(key: string, entry: StoredEntry): void {
    const ttl = entry.s - Date.now();
    if (ttl <= 0) return;
    this.entries.set(key, { ...entry, size: approximateBytes(entry.v) }, { ttl });
  }

  async remove(keys: readonly string[]): Promise<void> {
    this.removeNow(keys);
  }

  removeNow(keys: readonly string[]): void {
    for (const key of keys) this.entries.delete(key);
  }

  async bumpNamespace(id: string): Promise<void> {
    this.bumpNow(id);
  }

  bumpNow(id: string): void {
    this.versions.set(id, (this.versions.get(id) ?? 0) + 1);
  }

  currentVersions(scope: NamespaceScope): number[] {
    return scope.map((id) => this.versions.get(id) ?? 0);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  async ping(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.versions.clear();
  }
}
