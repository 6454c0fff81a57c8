import type { AnyTool } from '@reco/base-tools';
import type { RecommendationService } from '../service/recommendation-service';
import { getFrequentlyBoughtTogetherTool } from './get-frequently-bought-together.tool';
import { getPopularProductsTool } from './get-popular-products.tool';
import { getRecommendationsTool } from './get-recommendations.tool';
import { getSessionRecommendationsTool } from './get-session-recommendations.tool';
import { getSimilarProductsTool } from './get-similar-products.tool';

/** The five recommendation tools over one service, ready for `ToolRegistry.register(...)`. */
export function createRecommendationTools(service: RecommendationService): AnyTool[] {
  return [
    getRecommendationsTool(service),
    getSessionRecommendationsTool(service),
    getSimilarProductsTool(service),
    getFrequentlyBoughtTogetherTool(service),
    getPopularProductsTool(service),
  ] as AnyTool[];
}
