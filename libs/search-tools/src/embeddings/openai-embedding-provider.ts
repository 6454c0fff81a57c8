import type { EmbeddingProvider } from './embedding-provider';

export interface OpenAiEmbeddingOptions {
  /** e.g. `https://api.openai.com/v1` or a local vLLM/Ollama `http://127.0.0.1:11434/v1`. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Texts per request. */
  batchSize?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Any OpenAI-compatible `POST /embeddings` endpoint. */
export class OpenAiEmbeddingProvider implements EmbeddingProvider {
  readonly name: string;
  private readonly url: string;
  private readonly fetch_: typeof fetch;

  constructor(private readonly options: OpenAiEmbeddingOptions) {
    this.name = `openai:${options.model}`;
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/embeddings`;
    this.fetch_ = options.fetch ?? fetch;
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const size = this.options.batchSize ?? 256;
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += size) out.push(...(await this.embedBatch(texts.slice(i, i + size), signal)));
    return out;
  }

  private async embedBatch(input: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 10_000);
    const response = await this.fetch_(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
      },
      body: JSON.stringify({ model: this.options.model, input }),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    if (!response.ok) {
      throw new Error(`embeddings endpoint answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    }
    const body = (await response.json()) as { data?: { index: number; embedding: number[] }[] };
    if (!Array.isArray(body.data) || body.data.length !== input.length) {
      throw new Error(`embeddings endpoint returned ${body.data?.length ?? 'no'} vectors for ${input.length} texts`);
    }
    // The API may answer out of order; `index` says whose vector it is.
    return [...body.data].sort((a, b) => a.index - b.index).map((d) => Float32Array.from(d.embedding));
  }
}
