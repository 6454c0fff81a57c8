import { z } from 'zod';
import { CustomerRecord, ProductRecord, RecordIdSchema } from '@reco/data';
import { SHOP_FEED_MAX_BATCH } from '@reco/runtime';
import { defineRoute } from '../http/route-contract';

export const FieldErrorSchema = z.object({ field: z.string(), reason: z.string() });

/** A record of a batch that was not written, with every field that stopped it. */
export const RefusedRecordSchema = z.object({
  index: z.number().int().describe('Position in the batch, from 0'),
  id: z.string().optional().describe('The record\'s id, when it gave a usable one'),
  status: z.literal('refused'),
  errors: z.array(FieldErrorSchema),
});

const RecordBatchAnswer = z.object({
  accepted: z.number().int(),
  refused: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  results: z
    .array(
      z.union([
        z.object({ index: z.number().int(), id: z.string(), status: z.literal('accepted'), outcome: z.enum(['inserted', 'updated', 'unchanged']) }),
        RefusedRecordSchema,
      ]),
    )
    .describe('One per record, in the order sent'),
});

const BATCH = `at most ${SHOP_FEED_MAX_BATCH} records; each is answered on its own: 200 when any was accepted, 400 when none was`;

export const putProducts = defineRoute({
  method: 'put',
  path: '/api/catalog/products',
  summary: `Insert or update products, ${BATCH} (service or admin key)`,
  tag: 'catalog',
  access: 'authenticated',
  body: z.strictObject({ products: z.array(ProductRecord).min(1).max(SHOP_FEED_MAX_BATCH) }),
  response: RecordBatchAnswer,
  errors: [403, 413],
});

export const deleteProduct = defineRoute({
  method: 'delete',
  path: '/api/catalog/products/:id',
  summary: 'Hide a product: never recommended nor found again, its history kept; PUT it with recommendable: true to show it again (service or admin key)',
  tag: 'catalog',
  access: 'authenticated',
  params: z.object({ id: RecordIdSchema }),
  response: z.object({ id: z.string(), hidden: z.literal(true) }),
  errors: [403, 404],
});

export const putCustomers = defineRoute({
  method: 'put',
  path: '/api/customers',
  summary: `Insert or update customers, ${BATCH} (service or admin key)`,
  tag: 'catalog',
  access: 'authenticated',
  body: z.strictObject({ customers: z.array(CustomerRecord).min(1).max(SHOP_FEED_MAX_BATCH) }),
  response: RecordBatchAnswer,
  errors: [403, 413],
});

export const CATALOG_CONTRACTS = [putProducts, deleteProduct, putCustomers];
