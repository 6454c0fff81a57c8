import { z } from 'zod';
import type { ProductInput } from '../types/product';
import { AmountSchema, definedFields, expected, IsoTimeSchema, lineText, longText, normaliseCategoryPath, normalisedList, normaliseTag, RECORD_LIMITS, RecordIdSchema, WebUrlSchema } from './record-fields';

/**
 * A product as a shop sends it (HTTP body or a line of a products file), checked and normalised
 * into what the product repository stores. Fields left out are left as they are on an update.
 */
export const ProductRecord = z
  .strictObject({
    id: RecordIdSchema,
    title: lineText(RECORD_LIMITS.titleChars),
    price: AmountSchema.describe('Current price, a non-negative decimal in `currency`'),
    categories: normalisedList(normaliseCategoryPath, RECORD_LIMITS.categories)
      .optional()
      .describe('Category paths such as `Home > Kitchen > Mugs`'),
    tags: normalisedList(normaliseTag, RECORD_LIMITS.tags).optional().describe('Plain words (`eco`) and key:value attributes (`color:red`)'),
    available: z.boolean(expected('true or false')).optional().describe('In stock and sellable'),
    // Not a file column: a shop hides a product with DELETE and shows it again with this.
    recommendable: z.boolean(expected('true or false')).optional().describe('False: never recommended nor found; history kept'),
    createdAt: IsoTimeSchema.optional(),
    description: longText(RECORD_LIMITS.descriptionChars).optional(),
    currency: z
      .string(expected('a currency code'))
      .trim()
      .regex(/^[A-Za-z]{3}$/, { error: 'not a three-letter currency code (ISO 4217)' })
      .transform((code) => code.toUpperCase())
      .optional(),
    imageUrl: WebUrlSchema.optional(),
    url: WebUrlSchema.optional(),
  })
  .transform((record): ProductInput => definedFields(record));

