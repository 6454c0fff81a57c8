import { z } from 'zod';
import { CustomerIdSchema } from './customer';
import { ScoredProductSchema } from './product';

export const RecommendationListSchema = z.object({
  userId: CustomerIdSchema,
  /** Which path produced the list: the trained model, or a fallback for thin history. */
  strategy: z.string(),
  items: z.array(ScoredProductSchema),
  modelVersion: z.string().nullable(),
});
export type RecommendationList = z.infer<typeof RecommendationListSchema>;
