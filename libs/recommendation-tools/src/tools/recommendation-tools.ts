import type { AnyTool } from '@reco/base-tools';
import type { PlacementService } from '../placements/placement-service';
import type { RecommendationService } from '../service/recommendation-service';
import { getFrequentlyBoughtTogetherTool } from './get-frequently-bought-together.tool';
import { getPlacementRecommendationsTool } from './get-placement-recommendations.tool';
import { getPopularProductsTool } from './get-popular-products.tool';
import { getRecommendationsTool } from './get-recommendations.tool';
import { getSessionRecommendationsTool } from './get-session-recommendations.tool';
import { getSimilarProductsTool } from './get-similar-products.tool';

/** The six recommendation tools, ready for `ToolRegistry.register(...)`: every list goes through the placements (rules; experiments for shoppers' lists). */
export function createRecommendationTools(parts: { service: RecommendationService; placements: PlacementService }): AnyTool[] {
  return [
    getRecommendationsTool(parts.placements),
    getSessionRecommendationsTool(parts.placements),
    getPlacementRecommendationsTool(parts.placements),
    getSimilarProductsTool(parts.placements),
    getFrequentlyBoughtTogetherTool(parts.placements),
    getPopularProductsTool(parts.placements),
  ] as AnyTool[];
}
