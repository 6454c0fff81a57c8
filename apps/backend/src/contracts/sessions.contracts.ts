import { GetSessionRecommendationsInput } from '@reco/recommendation-tools';
import { defineToolRoute } from '../http/tool-route';

export const sessionRecommendations = defineToolRoute({
  method: 'get',
  cacheable: true,
  path: '/api/sessions/:sessionId/recommendations',
  summary: "An anonymous visitor's recommendations, from what its session viewed and carted",
  tag: 'sessions',
  access: 'authenticated',
  tool: 'get_session_recommendations',
  input: GetSessionRecommendationsInput,
  pathFields: { sessionId: 'sessionId' },
  errors: [403],
});

export const SESSION_CONTRACTS = [sessionRecommendations];
