import { z } from 'zod';
import { defineTool } from '@reco/base-tools';
import { RECORD_LIMITS } from '@reco/data';
import type { SearchIndex } from '../search-index/search-index';

export const LIST_PRODUCT_IDS_DEFAULT_LIMIT = 20;
export const LIST_PRODUCT_IDS_MAX_LIMIT = 100;

export const ListProductIdsInput = z.object({
  prefix: z.string().max(RECORD_LIMITS.idChars).describe('The start of a product id, e.g. "8512" (letter case ignored); empty: every product'),
  limit: z
    .number()
    .int()
    .min(1)
    .max(LIST_PRODUCT_IDS_MAX_LIMIT)
    .optional()
    .describe(`Ids to answer; default ${LIST_PRODUCT_IDS_DEFAULT_LIMIT}, at most ${LIST_PRODUCT_IDS_MAX_LIMIT}`),
});

export function createListProductIdsTool(index: SearchIndex) {
  return defineTool({
    name: 'list_product_ids',
    title: 'Product ids by prefix',
    description:
      'Product ids (stock codes) that start with a prefix, in code order, each with its title, and how many there are: ' +
      'to complete or check a code. Only products search finds (hidden ones never).',
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    input: ListProductIdsInput,
    output: z.object({
      items: z.array(z.object({ productId: z.string(), title: z.string() })),
      total: z.number().int().describe('Every id with the prefix, beyond `limit` too'),
    }),
    async execute({ prefix, limit }) {
      return index.productIds(prefix, limit ?? LIST_PRODUCT_IDS_DEFAULT_LIMIT);
    },
  });
}
