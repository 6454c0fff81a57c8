import { z } from 'zod';
import { RECORD_LIMITS } from './record-fields';

// One rule for category paths everywhere (records, search and recommendation filters): parts
// trimmed with their inner spaces collapsed, joined with ` > `; filters ignore letter case and
// match a category and every category under it.

/** A category path as filters compare it: `home > kitchen > mugs`. */
export function categoryKey(path: string): string {
  return path
    .split('>')
    .map((part) => part.trim().replace(/\s+/g, ' '))
    .join(' > ')
    .toLowerCase();
}

/** True when one of `categories` is the category `key` (a categoryKey) or under it. */
export function inCategory(categories: readonly string[], key: string): boolean {
  for (const c of categories) {
    const own = categoryKey(c);
    if (own === key || own.startsWith(`${key} > `)) return true;
  }
  return false;
}

/** The input of a category filter (tools, HTTP): a path such as `Home > Kitchen`, no empty part (so not empty). */
export const CategoryFilterSchema = z
  .string()
  .trim()
  .max(RECORD_LIMITS.categoryPathChars)
  .refine((path) => path.split('>').every((part) => part.trim() !== ''), 'must be a category path such as "Home > Kitchen", no empty part')
  .describe('Only products in this category or any category under it, e.g. "Home > Kitchen" (letter case ignored)');
