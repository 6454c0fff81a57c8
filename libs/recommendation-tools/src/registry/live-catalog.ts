import type { ToolLogger } from '@reco/base-tools';
import type { DatabaseHandle, Product } from '@reco/data';
import { loadCatalogSnapshot, type CatalogSnapshot } from './catalog-snapshot';

// A write is stamped before it commits (and instances' clocks differ a little), so a refresh
// reads from a few seconds before the previous read began; re-applying a product is harmless.
const REFRESH_OVERLAP_MS = 5_000;
const PAGE = 500;

export interface LiveCatalogOptions {
  /** Least time between two reads of `products.changedSince` while serving; 0: never. */
  refreshMs: number;
  logger: ToolLogger;
  /** Told after products changed in the snapshot (`removedIds`: gone from the database). */
  onChange(products: readonly Product[], removedIds: readonly string[]): void;
}

/**
 * The catalogue snapshot, kept current without retraining: a full read first (and again with
 * each model), then the products a catalogue write names (`productsChanged`, this instance's
 * writes, at once) and, at most every `refreshMs` while serving, `products.changedSince` (other
 * instances' writes: an indexed query).
 */
export class LiveCatalog {
  private loading: Promise<CatalogSnapshot> | undefined;
  private snapshot: CatalogSnapshot | undefined;
  private checkedAt = 0;
  /** When the last successful read of the products began (this process's clock). */
  private readFrom = 0;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly options: LiveCatalogOptions,
  ) {}

  /** The snapshot, refreshed first when due. */
  async current(): Promise<CatalogSnapshot> {
    const snapshot = await this.load();
    if (this.isRefreshDue()) await this.refresh();
    return snapshot;
  }

  /** The snapshot if one is loaded, without I/O. */
  peek(): CatalogSnapshot | undefined {
    return this.snapshot;
  }

  isRefreshDue(): boolean {
    return this.options.refreshMs > 0 && Date.now() - this.checkedAt >= this.options.refreshMs;
  }

  /** Reads every product again at the next `current()` (products change with imports). */
  reload(): void {
    this.loading = undefined;
  }

  /** Re-reads these products now (a catalogue write named them). Before the first load: nothing to do. */
  async productsChanged(ids: readonly string[]): Promise<void> {
    if (!this.snapshot || ids.length === 0) return;
    const db = await this.database.get();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += PAGE) {
      const wanted = unique.slice(i, i + PAGE);
      const found = await db.products.findByIds(wanted);
      const present = new Set(found.map((p) => p.id));
      this.update(found, wanted.filter((id) => !present.has(id)));
    }
  }

  /** Products changed since the previous read began (less an overlap), page by page. */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      if (!this.snapshot) return;
      const started = Date.now();
      try {
        const db = await this.database.get();
        let since = new Date(this.readFrom - REFRESH_OVERLAP_MS);
        let afterId: string | undefined;
        for (;;) {
          const page = await db.products.changedSince(since, PAGE, afterId);
          this.update(page, []);
          if (page.length < PAGE) break;
          const last = page[page.length - 1];
          since = last.updatedAt;
          afterId = last.id;
        }
        this.readFrom = started;
      } catch (err) {
        this.options.logger.warn({ err }, 'recommendation catalogue refresh failed; serving the snapshot as it is');
      } finally {
        this.checkedAt = Date.now();
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  private load(): Promise<CatalogSnapshot> {
    this.loading ??= (async () => {
      const started = Date.now();
      const snapshot = await loadCatalogSnapshot(await this.database.get());
      this.snapshot = snapshot;
      this.checkedAt = started;
      this.readFrom = started;
      return snapshot;
    })().catch((err: unknown) => {
      this.loading = undefined;
      throw err;
    });
    return this.loading;
  }

  private update(products: readonly Product[], removedIds: readonly string[]): void {
    if (!this.snapshot || (products.length === 0 && removedIds.length === 0)) return;
    const changed = this.snapshot.apply(products, removedIds);
    if (changed.length > 0 || removedIds.length > 0) this.options.onChange(changed, removedIds);
  }
}
