import type { z } from 'zod';
import type { FieldIssue } from './tool-error';

/** Flattens zod issues into `{ field, message }` pairs that name each bad field. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/**
 * Removes `null` members of plain objects, recursively. Callers such as OpenAI strict mode send
 * `null` for an optional field they leave out; tools treat that as absent.
 */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) {
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== null) out[key] = dropNulls(member);
  }
  return out;
}
