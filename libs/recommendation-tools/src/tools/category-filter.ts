import { z } from 'zod';
import { RECORD_LIMITS } from '@reco/data';

/**
 * A category path to filter by, e.g. `Home > Kitchen`: products in it or in any category under
 * it, in any letter case (the parts are compared trimmed, the way the catalogue stores them).
 */
export const CategoryFilterSchema = z
  .string()
  .trim()
  .min(1)
  .max(RECORD_LIMITS.categoryPathChars)
  .refine((path) => path.split('>').every((part) => part.trim() !== ''), 'empty part in category path')
  .describe('Only products in this category or under it, e.g. Home > Kitchen');
