import { GetPlacementRecommendationsInput } from '@reco/recommendation-tools';
import { defineToolRoute } from '../http/tool-route';

// Not cacheable: an answer may be an experiment's exposure, and rules change it within a second.
export const placementRecommendations = defineToolRoute({
  method: 'get',
  path: '/api/placements/:name/recommendations',
  summary:
    'The list a page asks for (home, product, cart, buy-again, trending, new-arrivals, or the shop\'s own): userId or sessionId, ' +
    'productId or cartProductIds (comma-separated) where the placement uses them; filters excludeProductIds, category, tag, ' +
    'minPrice, maxPrice, includeUnavailable. The answer carries a recommendationId (send it back with events) and, in an experiment, its arm. ' +
    'preview=true (service or admin keys only, else 403): the list and arm the shopper would get, with no exposure logged (the dashboard\'s preview)',
  tag: 'placements',
  access: 'authenticated',
  tool: 'get_placement_recommendations',
  input: GetPlacementRecommendationsInput,
  pathFields: { name: 'placement' },
  errors: [403, 404],
});

export const PLACEMENT_CONTRACTS = [placementRecommendations];
