/**
 * Turns texts into vectors. The seam for an external model: the default search index learns
 * its own vectors (DescriptionEmbeddings) and uses a provider only when one is configured.
 */
export interface EmbeddingProvider {
  /** For logs and status, e.g. `openai:text-embedding-3-small`. */
  readonly name: string;
  /** One vector per text, in order. */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
}
