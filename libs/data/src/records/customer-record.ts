import { z } from 'zod';
import type { CustomerInput } from '../types/customer';
import { definedFields, expected, IsoTimeSchema, lineText, RECORD_LIMITS, RecordIdSchema } from './record-fields';

const AttributeKey = lineText(RECORD_LIMITS.attributeKeyChars);
// Numbers and booleans are kept as their text: attributes are free key-values of text.
const AttributeValue = z
  .union([z.string(), z.number(), z.boolean()], expected('text'))
  .transform((value) => String(value).trim())
  .pipe(z.string().max(RECORD_LIMITS.attributeValueChars, { error: `longer than ${RECORD_LIMITS.attributeValueChars} characters` }));

/** A customer as a shop sends it (HTTP body or a line of a customers file). */
export const CustomerRecord = z
  .strictObject({
    id: RecordIdSchema,
    country: lineText(RECORD_LIMITS.countryChars).nullable().optional().describe('Country name or ISO code, as the shop knows it'),
    attributes: z
      .record(AttributeKey, AttributeValue, {
        // A bad key is named with what is wrong with it, not as a bad object.
        error: (issue) => (issue.code === 'invalid_key' ? `key ${issue.issues[0]?.message ?? 'not valid'}` : expected('an object of text values').error(issue)),
      })
      .refine((attributes) => Object.keys(attributes).length <= RECORD_LIMITS.attributes, {
        error: `more than ${RECORD_LIMITS.attributes} attributes`,
      })
      .optional()
      .describe('Free key-values, e.g. {"tier": "gold"}'),
    createdAt: IsoTimeSchema.optional(),
  })
  .transform((record): CustomerInput => definedFields(record));
