import type { z } from 'zod';

/** Why one field of a record was refused: `{ field: 'price', reason: 'negative' }`. */
export interface FieldError {
  /** The field as the caller named it (`categories[2]`, `created_at` in a file). */
  field: string;
  reason: string;
}

export type RecordCheck<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

// Field names can come from the sender (unknown fields, attribute keys): past this they are shown
// cut, so an answer or an import summary never carries a hostile megabyte back.
const MAX_SHOWN_NAME_CHARS = 120;

/** A field name as errors show it: at most MAX_SHOWN_NAME_CHARS, then `…`. */
export function shownFieldName(name: string): string {
  if (name.length <= MAX_SHOWN_NAME_CHARS) return name;
  // Never half a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(name.charAt(MAX_SHOWN_NAME_CHARS - 1)) ? MAX_SHOWN_NAME_CHARS - 1 : MAX_SHOWN_NAME_CHARS;
  return `${name.slice(0, end)}…`;
}

function fieldOf(path: readonly PropertyKey[]): string {
  return shownFieldName(path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('') || 'record');
}

/** The issues of a failed parse as field errors; every field with a problem is named, once per reason. */
export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ field: fieldOf([...issue.path, key]), reason: 'unknown field' });
    } else if (issue.path.length === 0 && issue.code === 'invalid_type') {
      errors.push({ field: 'record', reason: 'must be a JSON object' });
    } else {
      errors.push({ field: fieldOf(issue.path), reason: issue.message });
    }
  }
  return errors;
}

/** Parses one record with `schema`: its value, or the field errors (never throws on bad input). */
export function checkRecord<S extends z.ZodType>(schema: S, input: unknown): RecordCheck<z.output<S>> {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: fieldErrorsOf(result.error) };
}
