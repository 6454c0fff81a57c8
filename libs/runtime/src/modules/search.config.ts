import { z } from 'zod';

const booleanString = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Settings of the product search index and tools (@reco/search-tools); merged into the app config. */
export const searchConfigShape = {
  /**
   * How often (at most) a search re-reads the whole catalogue, in the background, and rebuilds the
   * index if it differs from what is searched (a safety net: changes arrive through
   * SEARCH_CHANGES_MS); 0: only on reindex().
   */
  SEARCH_REFRESH_MS: z.coerce.number().int().min(0).max(24 * 3_600_000).default(60_000),
  /**
   * How often (at most) a search first reads the products changed since the last read (written by
   * any instance; one indexed query) and applies them; 0: never (this instance's own writes still
   * apply at once).
   */
  SEARCH_CHANGES_MS: z.coerce.number().int().min(0).max(3_600_000).default(1_000),
  /** False: lexical ranking only (no product vectors). */
  SEARCH_VECTORS: booleanString.default(true),
  /** Weight of the vector list in reciprocal rank fusion (the lexical list weighs 1). */
  SEARCH_VECTOR_WEIGHT: z.coerce.number().min(0).max(1).default(0.5),
  /** OpenAI-compatible embeddings endpoint, e.g. https://api.openai.com/v1; unset: vectors learned from descriptions. */
  EMBEDDINGS_BASE_URL: z.url().optional(),
  EMBEDDINGS_MODEL: z.string().min(1).default('text-embedding-3-small'),
  EMBEDDINGS_API_KEY: z.string().min(1).optional(),
} satisfies z.ZodRawShape;
