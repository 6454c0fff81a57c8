import type { CacheStats } from './async-cache';

/** The mutable counters behind `stats()`; one instance per cache, shared by its store and views. */
export class CacheCounters {
  hits = 0;
  staleHits = 0;
  misses = 0;
  loads = 0;
  loadErrors = 0;
  errors = 0;
  fallbacks = 0;
  outages = 0;
  lockWaits = 0;

  snapshot(available: boolean): CacheStats {
    const { hits, staleHits, misses, loads, loadErrors, errors, fallbacks, outages, lockWaits } = this;
    return { hits, staleHits, misses, loads, loadErrors, errors, fallbacks, outages, lockWaits, available };
  }
}
