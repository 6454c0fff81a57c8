import { z } from 'zod';
import { DEFAULT_INTERACTION_WEIGHTS, DEFAULT_TRAINING_LIMITS, type InteractionWeights } from '@reco/recommendation-tools';

const WEIGHTED_KINDS = ['view', 'cart', 'purchase'] as const;
const ENTRY = /^\s*([A-Za-z]+)\s*:\s*(\d+(?:\.\d+)?)\s*$/;
const MAX_WEIGHT = 100;

/**
 * `view:0.1,cart:0.3,purchase:1`: how much one event of each kind counts in the item-item
 * model's input; kinds left out keep their default, a click counts as a view.
 */
const InteractionWeightsSetting = z
  .string()
  .transform((text, ctx): InteractionWeights => {
    const weights: InteractionWeights = { ...DEFAULT_INTERACTION_WEIGHTS };
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    for (const entry of text.split(',')) {
      const match = ENTRY.exec(entry);
      if (!match) return fail(`must be kind:weight pairs separated by commas, e.g. view:0.1,cart:0.3,purchase:1 (bad entry ${JSON.stringify(entry.trim())})`);
      const kind = match[1].toLowerCase();
      if (kind === 'click') return fail('has no click weight: a click counts as a view (set view)');
      if (!(WEIGHTED_KINDS as readonly string[]).includes(kind)) return fail(`names an unknown event type ${JSON.stringify(match[1])} (view, cart or purchase)`);
      const weight = Number(match[2]);
      if (weight > MAX_WEIGHT) return fail(`weight of ${kind} must be at most ${MAX_WEIGHT}`);
      weights[kind as keyof InteractionWeights] = weight;
    }
    if (!(weights.purchase > 0 || weights.cart > 0 || weights.view > 0)) return fail('needs at least one weight above 0');
    return weights;
  })
  .default({ ...DEFAULT_INTERACTION_WEIGHTS });

/** Settings of the recommender models, training, and their tools (@reco/recommendation-tools); merged into the app config. */
export const recommendationsConfigShape = {
  /** Name of the served model in the registry and under `models/<name>/` in the object store. */
  RECO_MODEL_NAME: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, _ or -').default('recommender'),
  /** Freshness of cached recommendations; a live event drops that customer's at once. */
  RECO_CACHE_TTL_MS: z.coerce.number().int().min(1).max(86_400_000).default(300_000),
  /** Length of each precomputed list (a call for more ranks live). */
  RECO_PRECOMPUTE_DEPTH: z.coerce.number().int().min(1).max(100).default(50),
  /** How long a precomputed list is served (a live event for its customer, a new model or a catalogue change end it sooner). */
  RECO_PRECOMPUTE_TTL_MS: z.coerce.number().int().min(60_000).max(30 * 86_400_000).default(86_400_000),
  /** How often a server re-checks which model version is active (another process may train). */
  RECO_MODEL_REFRESH_MS: z.coerce.number().int().min(100).max(86_400_000).default(30_000),
  /**
   * How often (at most) a server re-reads the products other instances changed, while serving;
   * this instance's own catalogue writes apply at once. 0: only those.
   */
  RECO_CATALOG_REFRESH_MS: z.coerce.number().int().min(0).max(3_600_000).default(1_000),
  /**
   * How often (at most) a server compares the merchandising revision (rules, placements,
   * experiments) while serving; a change on another instance is also signalled at once through
   * Redis (cluster signals). Default 500: seen within 1 s even when a signal is lost.
   */
  RECO_MERCHANDISING_POLL_MS: z.coerce.number().int().min(50).max(3_600_000).default(500),
  /** Days of hold-out behind the metrics stored with each trained model; 0 skips them. */
  RECO_HOLDOUT_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** Weights of views, carts and purchases in the item-item model's training input (click = view). */
  INTERACTION_WEIGHTS: InteractionWeightsSetting,
  /**
   * Memory one training run may use (MiB): the item-item model is sized to fit, and a shop too
   * big for it is refused with a message naming this setting, before anything is built.
   */
  TRAIN_MAX_MEMORY_MB: z.coerce.number().int().min(256).max(1_048_576).default(DEFAULT_TRAINING_LIMITS.maxMemoryMb),
  /** Most products the exact item-item model (EASE, h³ time) covers; cosine neighbours cover the rest. */
  TRAIN_EASE_MAX_ITEMS: z.coerce.number().int().min(0).max(16_000).default(DEFAULT_TRAINING_LIMITS.easeMaxItems),
} satisfies z.ZodRawShape;
