import { z } from 'zod';

const intInRange = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Settings of the customer profiles, segments and their tools (@reco/user-tools); merged into the app config. */
export const usersConfigShape = {
  /** k of the k-means behavioural clusters. */
  SEGMENT_CLUSTERS: intInRange(2, 20).default(6),
  /** Seed of the k-means++ starts: the same data gives the same clusters. */
  SEGMENT_SEED: intInRange(0, 2 ** 31 - 1).default(42),
  /** Deadline of one segmentation's worker task: k-means, or on a SQLite file the whole read-cluster-write run. */
  SEGMENT_TASK_TIMEOUT_MS: intInRange(1_000, 3_600_000).default(120_000),
  /** How long a profile, history page or stored segment stays cached (imports and new runs invalidate sooner). */
  USER_CACHE_TTL_MS: intInRange(1, 24 * 3_600_000).default(300_000),
} satisfies z.ZodRawShape;
