import { z } from 'zod';
import { CustomerIdSchema } from './customer';
import { ScoredProductSchema } from './product';

/** The experiment and arm that made an answer, when the shopper is in a running experiment. */
export const ExperimentArmRefSchema = z.object({ id: z.string(), name: z.string(), arm: z.string() });
export type ExperimentArmRef = z.infer<typeof ExperimentArmRefSchema>;

export const RecommendationListSchema = z.object({
  userId: CustomerIdSchema,
  /** Which path produced the list: the trained model, or a fallback for thin history. */
  strategy: z.string(),
  items: z.array(ScoredProductSchema),
  modelVersion: z.string().nullable(),
  /** This answer's id: events (click, cart, purchase) that carry it are attributed to it. */
  recommendationId: z.string().describe('Send it back with click, cart and purchase events on these products'),
  experiment: ExperimentArmRefSchema.optional(),
});
export type RecommendationList = z.infer<typeof RecommendationListSchema>;
