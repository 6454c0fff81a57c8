import type { StoredEntry } from './cache-store';

// JSON with Dates tagged as {"$date": iso}, so values read back from Redis equal what was written.
// An object whose only key is "$date" is therefore reserved.
const DATE_TAG = '$date';

function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key]; // before Date.prototype.toJSON turned it into a string
  if (raw instanceof Date) {
    const time = raw.getTime();
    return { [DATE_TAG]: Number.isNaN(time) ? null : raw.toISOString() };
  }
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const tagged = record[DATE_TAG];
    if ((typeof tagged === 'string' || tagged === null) && Object.keys(record).length === 1) {
      return new Date(tagged === null ? Number.NaN : tagged);
    }
  }
  return value;
}

export function encodeValue(value: unknown): string {
  const text = JSON.stringify(value, replacer);
  if (text === undefined) throw new TypeError(`cannot encode a ${typeof value} value`);
  return text;
}

export function decodeValue<T = unknown>(text: string): T {
  return JSON.parse(text, reviver) as T;
}

/** Wire form of a stored entry: freshness, expiry and namespace versions travel with the value. */
export function encodeEntry(entry: StoredEntry): string {
  return encodeValue({ f: entry.f, s: entry.s, n: entry.n, v: entry.v });
}

/** Throws on anything that is not an entry written by encodeEntry. */
export function decodeEntry(text: string): StoredEntry {
  const parsed = decodeValue<Partial<StoredEntry> | null>(text);
  if (
    parsed === null ||
    typeof parsed !== 'object' ||
    typeof parsed.f !== 'number' ||
    typeof parsed.s !== 'number' ||
    !Array.isArray(parsed.n) ||
    !('v' in parsed)
  ) {
    throw new TypeError('not a cache entry');
  }
  return { f: parsed.f, s: parsed.s, n: parsed.n, v: parsed.v };
}

/** Rough size in bytes, for the in-memory byte bound. */
export function approximateBytes(value: unknown): number {
  try {
    return Math.max(1, encodeValue(value).length * 2); // UTF-16 in the heap
  } catch {
    return 1_024; // not encodable (cycles, BigInt): a guess is enough for a bound
  }
}
