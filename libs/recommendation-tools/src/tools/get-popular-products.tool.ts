import { z } from 'zod';
import { defineTool, ScoredProductListSchema } from '@reco/base-tools';
import { MAX_K } from '../service/recommend-args';
import type { RecommendationService } from '../service/recommendation-service';

export const GetPopularProductsInput = z.object({
  k: z.number().int().min(1).max(MAX_K).default(10).describe(`How many products, 1-${MAX_K}`),
  sinceDays: z.number().int().min(1).max(3_650).optional().describe('Only the last N days of sales (up to the latest data)'),
  country: z.string().trim().min(1).max(64).optional().describe('Only orders from this country, e.g. France'),
});

export function getPopularProductsTool(service: RecommendationService) {
  return defineTool({
    name: 'get_popular_products',
    description: 'Best-selling products by distinct buyers, optionally over the last N days and in one country; reason popular.',
    input: GetPopularProductsInput,
    output: ScoredProductListSchema,
    async execute(input) {
      return { items: await service.popularProducts(input) };
    },
  });
}
