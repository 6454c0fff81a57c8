import { z } from 'zod';
import { defineTool } from '@reco/base-tools';
import { stamp } from '../service/recommendation-id';
import type { PlacementService } from '../placements/placement-service';
import { FILTER_FIELDS, IdentifiedProductListSchema, KSchema, PRICE_ORDER, pricesInOrder } from './recommendation-filters';

export const GetPopularProductsInput = z
  .object({
    k: KSchema,
    sinceDays: z.number().int().min(1).max(3_650).optional().describe('Only the last N days of sales (up to the latest data)'),
    country: z.string().trim().min(1).max(64).optional().describe('Only orders from this country, e.g. France'),
    ...FILTER_FIELDS,
  })
  .refine(pricesInOrder, PRICE_ORDER);

/** The shop's global rules apply (PlacementService), outside experiments. */
export function getPopularProductsTool(placements: PlacementService) {
  return defineTool({
    name: 'get_popular_products',
    title: 'Popular products',
    description: 'Best-selling products by distinct buyers, optionally over the last N days and in one country; reason popular. Filters as get_recommendations; the shop\'s global rules apply.',
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    input: GetPopularProductsInput,
    output: IdentifiedProductListSchema,
    async execute(input) {
      return stamp({ items: await placements.popularProducts(input) });
    },
  });
}
