import { z } from 'zod';

/** Settings of the recommender models, training, and their tools (@reco/recommendation-tools); merged into the app config. */
export const recommendationsConfigShape = {
  /** Name of the served model in the registry and under `models/<name>/` in the object store. */
  RECO_MODEL_NAME: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, _ or -').default('recommender'),
  /** Freshness of cached recommendations; a live event drops that customer's at once. */
  RECO_CACHE_TTL_MS: z.coerce.number().int().min(1).max(86_400_000).default(300_000),
  /** How often a server re-checks which model version is active (another process may train). */
  RECO_MODEL_REFRESH_MS: z.coerce.number().int().min(100).max(86_400_000).default(30_000),
  /** Days of hold-out behind the metrics stored with each trained model; 0 skips them. */
  RECO_HOLDOUT_DAYS: z.coerce.number().int().min(0).max(365).default(30),
} satisfies z.ZodRawShape;
