import { z } from 'zod';

/** Bounds of the open format: a record past them is refused with its field, never truncated or stored. */
export const RECORD_LIMITS = {
  idChars: 128,
  titleChars: 500,
  descriptionChars: 5_000,
  categoryPathChars: 300,
  categories: 50,
  tagChars: 100,
  tags: 100,
  countryChars: 100,
  attributes: 50,
  attributeKeyChars: 100,
  attributeValueChars: 500,
  urlChars: 2_000,
  /** Prices and quantities above this are typos, not sales. */
  maxAmount: 1_000_000_000,
} as const;

const CONTROL = /\p{Cc}|\p{Cs}/u;
// Tabs and line breaks are fine in long text; other control characters (NUL breaks PostgreSQL) are not.
const CONTROL_EXCEPT_LAYOUT = /[^\P{Cc}\t\n\r]|\p{Cs}/u;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Zod's error option: `required` when the value is absent, else what it must be. */
export function expected(what: string): { error: (issue: { input?: unknown }) => string } {
  return { error: (issue) => (issue.input === undefined || issue.input === null ? 'required' : `must be ${what}`) };
}

function codePoints(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/**
 * An id the shop gives (product, customer, session, event, recommendation): 1-128 printable
 * characters, kept exactly as given (no trim, no case change), because the shop looks it up again.
 */
export const RecordIdSchema = z
  .string(expected('text'))
  .min(1, { error: 'empty', abort: true })
  .refine((id) => codePoints(id) <= RECORD_LIMITS.idChars, { error: `longer than ${RECORD_LIMITS.idChars} characters` })
  .refine((id) => !CONTROL.test(id), { error: 'contains control characters' })
  .refine((id) => id.trim() !== '', { error: 'blank' })
  .describe('The shop\'s own id: 1-128 printable characters, kept exactly as given');

/** A line of text, trimmed: no control characters, at most `max` characters. */
export function lineText(max: number) {
  return z
    .string(expected('text'))
    .trim()
    .min(1, { error: 'empty' })
    .max(max, { error: `longer than ${max} characters` })
    .refine((text) => !CONTROL.test(text), { error: 'contains control characters' });
}

/** Long text (tabs and line breaks allowed), trimmed; empty is null. */
export function longText(max: number) {
  return z
    .string(expected('text'))
    .max(max, { error: `longer than ${max} characters` })
    .refine((text) => !CONTROL_EXCEPT_LAYOUT.test(text), { error: 'contains control characters' })
    .transform((text) => text.trim() || null)
    .nullable();
}

/** An ISO 8601 time with its time zone (`2024-05-01T12:00:00Z`, `...+02:00`), or a date (midnight UTC). */
export const IsoTimeSchema = z
  .string(expected('an ISO 8601 time'))
  .transform((text, ctx) => {
    const match = DATE_TIME.exec(text.trim());
    const ms = match ? Date.parse(match[4] === undefined ? `${text.trim()}T00:00:00Z` : text.trim()) : Number.NaN;
    const [, year, month, day, hour, minute, second] = match ?? [];
    const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
    // Date.parse rolls 2024-02-30 over to March: the calendar date must exist as written.
    const calendarOk = date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day) && Number(year) >= 1900;
    const clockOk = hour === undefined || (Number(hour) < 24 && Number(minute) < 60 && Number(second ?? 0) < 60);
    if (Number.isNaN(ms) || !calendarOk || !clockOk) {
      ctx.addIssue({ code: 'custom', message: 'not an ISO 8601 time with a time zone (e.g. 2024-05-01T12:00:00Z)' });
      return z.NEVER;
    }
    return new Date(ms);
  })
  .describe('ISO 8601 time with a time zone, e.g. 2024-05-01T12:00:00Z (a date alone is midnight UTC)');

/** A non-negative decimal amount (price), at most RECORD_LIMITS.maxAmount. */
export const AmountSchema = z
  .number(expected('a non-negative number'))
  .min(0, { error: 'negative' })
  .max(RECORD_LIMITS.maxAmount, { error: `more than ${RECORD_LIMITS.maxAmount}` });

/** `Home > Kitchen > Mugs`: parts trimmed and joined with ` > `, none empty. */
export function normaliseCategoryPath(path: string): string | { reason: string } {
  const parts = path.split('>').map((part) => part.trim().replace(/\s+/g, ' '));
  if (parts.some((part) => part === '')) return { reason: 'empty part in category path' };
  const normalised = parts.join(' > ');
  if (normalised.length > RECORD_LIMITS.categoryPathChars) return { reason: `longer than ${RECORD_LIMITS.categoryPathChars} characters` };
  return normalised;
}

/** A plain tag (`eco`) or a `key:value` attribute (`color:red`; the key lower-cased). */
export function normaliseTag(tag: string): string | { reason: string } {
  const text = tag.trim().replace(/\s+/g, ' ');
  if (text === '') return { reason: 'empty' };
  if (text.length > RECORD_LIMITS.tagChars) return { reason: `longer than ${RECORD_LIMITS.tagChars} characters` };
  const colon = text.indexOf(':');
  if (colon < 0) return text;
  const key = text.slice(0, colon).trim().toLowerCase();
  const value = text.slice(colon + 1).trim();
  if (key === '' || value === '') return { reason: 'a key:value tag needs both a key and a value' };
  if (!/^[\p{L}\p{N}_.-]+$/u.test(key)) return { reason: 'a tag key is one word (letters, digits, _ . -)' };
  return `${key}:${value}`;
}

/**
 * A list of normalised entries (categories, tags), duplicates dropped in order. `|` separates
 * them in files, so it cannot be part of one; neither can control characters.
 */
export function normalisedList(normalise: (entry: string) => string | { reason: string }, maxItems: number) {
  return z
    .array(z.string(expected('text')), expected('a list of text'))
    .max(maxItems, { error: `more than ${maxItems} entries` })
    .transform((entries, ctx) => {
      const out = new Set<string>();
      entries.forEach((entry, i) => {
        const result = CONTROL.test(entry) ? { reason: 'contains control characters' } : entry.includes('|') ? { reason: 'contains |' } : normalise(entry);
        if (typeof result === 'string') out.add(result);
        else ctx.addIssue({ code: 'custom', path: [i], message: result.reason });
      });
      return [...out];
    });
}

/** An http(s) URL; empty is null. */
export const WebUrlSchema = z
  .string(expected('a URL'))
  .trim()
  .max(RECORD_LIMITS.urlChars, { error: `longer than ${RECORD_LIMITS.urlChars} characters` })
  .refine((url) => url === '' || /^https?:\/\/[^\s]+$/i.test(url) && URL.canParse(url), { error: 'not an http(s) URL' })
  .transform((url) => url || null)
  .nullable();

/** The object without its undefined fields: a record names every field it sets, and only those. */
export function definedFields<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
