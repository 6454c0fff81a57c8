import type { z } from 'zod';
import { CustomerRecord } from './customer-record';
import { EventRecord } from './event-record';
import { checkRecord, shownFieldName, type FieldError, type RecordCheck } from './field-errors';
import { ProductRecord } from './product-record';

/** What an empty CSV cell or a JSON null means for a field. */
type EmptyMeans = 'absent' | 'null' | 'empty list';
/** How a field's text (every CSV cell, a JSONL string) becomes its JSON value. */
type TextMeans = 'text' | 'number' | 'boolean' | 'list';

interface FileField {
  column: string;
  empty: EmptyMeans;
  text: TextMeans;
  /** Only in JSON Lines (a CSV cell cannot hold an object). */
  jsonOnly?: boolean;
  /** Files must give it though the record has a default (an event's time: an import is not when it happened). */
  requiredInFile?: boolean;
}

/** One kind of open-format file: its columns, and the record schema its lines are checked with. */
export interface FileRecordKind<S extends z.ZodType = z.ZodType> {
  name: 'products' | 'customers' | 'events';
  schema: S;
  /** The columns every file has, in the documented order. */
  columns: readonly string[];
  /** Columns a file may add. */
  optionalColumns: readonly string[];
  fields: ReadonlyMap<string, FileField & { key: string }>;
}

function kind<S extends z.ZodType>(name: FileRecordKind['name'], schema: S, required: FileField[], optional: FileField[]): FileRecordKind<S> {
  const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  const fields = new Map([...required, ...optional].map((f) => [f.column, { ...f, key: camel(f.column) }]));
  return {
    name,
    schema,
    columns: required.map((f) => f.column),
    optionalColumns: optional.filter((f) => !f.jsonOnly).map((f) => f.column),
    fields,
  };
}

const field = (column: string, empty: EmptyMeans = 'absent', text: TextMeans = 'text', jsonOnly = false): FileField => ({ column, empty, text, jsonOnly });
const requiredInFile = (column: string): FileField => ({ ...field(column), requiredInFile: true });

export const PRODUCT_FILE = kind(
  'products',
  ProductRecord,
  [
    field('id'),
    field('title'),
    field('price', 'absent', 'number'),
    field('categories', 'empty list', 'list'),
    field('tags', 'empty list', 'list'),
    field('available', 'absent', 'boolean'),
    field('created_at'),
  ],
  [field('description', 'null'), field('currency'), field('image_url', 'null'), field('url', 'null')],
);

export const CUSTOMER_FILE = kind(
  'customers',
  CustomerRecord,
  [field('id'), field('country', 'null'), field('created_at')],
  [field('attributes', 'absent', 'text', true)],
);

export const EVENT_FILE = kind(
  'events',
  EventRecord,
  [
    field('event_id'),
    field('customer_id', 'null'),
    field('session_id', 'null'),
    field('product_id'),
    field('type'),
    field('quantity', 'null', 'number'),
    field('price', 'null', 'number'),
    requiredInFile('occurred_at'),
  ],
  [field('recommendation_id', 'null')],
);

export const FILE_RECORD_KINDS = { products: PRODUCT_FILE, customers: CUSTOMER_FILE, events: EVENT_FILE } as const;
export type FileRecordKindName = keyof typeof FILE_RECORD_KINDS;

const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);

function fromText(text: string, means: TextMeans): unknown {
  switch (means) {
    case 'number':
      // Anything else stays text, and the schema names the field and what it must be.
      return /^[+-]?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
    case 'boolean': {
      const word = text.trim().toLowerCase();
      return TRUE.has(word) ? true : FALSE.has(word) ? false : text;
    }
    case 'list':
      return text.split('|');
    default:
      return text;
  }
}

/**
 * One line of a file (CSV cells by column, or a JSON Lines object with the same snake_case names)
 * checked as its record: the value, or field errors named by the file's columns.
 */
export function checkFileRecord<S extends z.ZodType>(kind: FileRecordKind<S>, line: Readonly<Record<string, unknown>>): RecordCheck<z.output<S>> {
  const input: Record<string, unknown> = {};
  const unknown: FieldError[] = [];
  const missing: FieldError[] = [];
  for (const [column, value] of Object.entries(line)) {
    const spec = kind.fields.get(column);
    if (!spec) {
      unknown.push({ field: shownFieldName(column), reason: 'unknown field' });
      continue;
    }
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
      if (spec.requiredInFile) missing.push({ field: column, reason: 'required' });
      else if (spec.empty !== 'absent') input[spec.key] = spec.empty === 'null' ? null : [];
    } else {
      input[spec.key] = typeof value === 'string' ? fromText(value, spec.text) : value;
    }
  }
  for (const spec of kind.fields.values()) if (spec.requiredInFile && !(spec.column in line)) missing.push({ field: spec.column, reason: 'required' });
  const checked = checkRecord(kind.schema, input);
  if (checked.ok && unknown.length === 0 && missing.length === 0) return checked;
  const errors = checked.ok ? [] : checked.errors.map((e) => ({ field: columnOf(kind, e.field), reason: e.reason }));
  return { ok: false, errors: [...unknown, ...missing, ...errors] };
}

/** `createdAt` → `created_at`, `categories[2]` → `categories[2]`: errors name what the file calls the field. */
function columnOf(kind: FileRecordKind, field: string): string {
  const head = /^[A-Za-z]+/.exec(field)?.[0] ?? field;
  for (const spec of kind.fields.values()) if (spec.key === head) return spec.column + field.slice(head.length);
  return field;
}
