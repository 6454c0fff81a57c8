import { z } from 'zod';
import { CustomerIdSchema, ExperimentArmRefSchema, ScoredProductSchema } from '@reco/base-tools';
import { PlacementNameSchema } from '../merchandising/merchandising-schemas';
import { SessionIdSchema } from './session-recommendation-list';

/** A placement's answer: GET /api/placements/:name/recommendations and the placement tool. */
export const PlacementRecommendationListSchema = z.object({
  placement: PlacementNameSchema,
  userId: CustomerIdSchema.optional(),
  sessionId: SessionIdSchema.optional(),
  /** The strategy that filled the list (an experiment's arm may change it). */
  strategy: z.string(),
  modelVersion: z.string().nullable(),
  items: z.array(ScoredProductSchema),
  recommendationId: z.string(),
  experiment: ExperimentArmRefSchema.optional(),
});
export type PlacementRecommendationList = z.infer<typeof PlacementRecommendationListSchema>;
