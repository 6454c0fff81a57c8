import { z } from 'zod';
import { defineTool, ScoredProductSchema, toToolProduct } from '@reco/base-tools';
import { CategoryFilterSchema, RECORD_LIMITS } from '@reco/data';
import { MATCH_KINDS, type SearchIndex } from '../search-index/search-index';

export const SEARCH_DEFAULT_LIMIT = 10;
/** Larger asks are cut to this, not refused: planners often ask for "all". */
export const SEARCH_MAX_LIMIT = 50;
export const SEARCH_MAX_OFFSET = 500;

const price = z.number().min(0).max(100_000);


export const SearchProductsInput = z
  .object({
    query: z
      .string()
      .max(200)
      .refine((q) => q.trim().length > 0, 'must not be empty')
      .describe('What the shopper is looking for, e.g. "red lantern" or a stock code'),
    minPrice: price.optional().describe("Lowest current price in the shop's currency, inclusive"),
    maxPrice: price.optional().describe("Highest current price in the shop's currency, inclusive"),
    category: CategoryFilterSchema.optional(),
    tag: z
      .string()
      .max(RECORD_LIMITS.tagChars)
      .refine((tag) => tag.trim() !== '', 'must not be empty')
      .optional()
      .describe('Only products with this whole tag, e.g. "color:red" or "sale" (letter case ignored)'),
    limit: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(`Results per page; default ${SEARCH_DEFAULT_LIMIT}, at most ${SEARCH_MAX_LIMIT}`),
    offset: z.number().int().min(0).max(SEARCH_MAX_OFFSET).optional().describe('Results to skip, for paging'),
  })
  .refine((i) => i.minPrice === undefined || i.maxPrice === undefined || i.minPrice <= i.maxPrice, {
    path: ['minPrice'],
    message: 'must not exceed maxPrice',
  });

export const SearchProductsOutput = z.object({
  items: z.array(ScoredProductSchema.extend({ match: z.enum(MATCH_KINDS) })),
  /** Matches before paging. */
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

export function createSearchProductsTool(index: SearchIndex) {
  return defineTool({
    name: 'search_products',
    title: 'Search products',
    description:
      'Search the product catalogue by words in names, categories and tags (typos and partial words tolerated), ' +
      'optionally within a price range, a category or with a tag. Returns ranked products with a relevance score; ' +
      'products out of stock come after those in stock.',
    // Closed-world even with an external embeddings provider configured: that is how the query is
    // matched, while what the tool reads and answers is only ever the shop's own catalogue.
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    input: SearchProductsInput,
    output: SearchProductsOutput,
    async execute(input, ctx) {
      const limit = Math.min(input.limit ?? SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT);
      const offset = input.offset ?? 0;
      const page = await index.search(
        { text: input.query, minPrice: input.minPrice, maxPrice: input.maxPrice, category: input.category, tag: input.tag, limit, offset },
        ctx.signal,
      );
      return {
        items: page.hits.map((h) => ({ ...toToolProduct(h.product), score: h.score, reason: 'search', match: h.match })),
        total: page.total,
        limit,
        offset,
      };
    },
  });
}
