import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './generated/reco-api';

export interface RecoClientOptions {
  /** Where Reco runs, e.g. `https://reco.example.com` (no trailing path). */
  baseUrl: string;
  /** An API key (`service` for a shop's server) or a customer token. */
  apiKey: string;
  /** Another fetch (a proxy's, a test's); default the global one. */
  fetch?: typeof globalThis.fetch;
  /** Headers sent with every request besides the key, e.g. `X-Request-Id`. */
  headers?: Record<string, string>;
}

/** Every route of the Reco API, typed from its OpenAPI document: `client.GET('/api/products/{id}', { params: { path: { id } } })`. */
export type RecoClient = Client<paths>;

/** The body of every error answer of the API: `{ error: { code, message, details? } }`. */
export type RecoErrorBody = components['schemas']['Error'];

/**
 * A typed client for the Reco API (openapi-fetch over the generated types): the key goes in every
 * request's Authorization header; a list parameter is sent comma-separated, as the document says.
 */
export function createRecoClient(options: RecoClientOptions): RecoClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { ...options.headers, Authorization: `Bearer ${options.apiKey}` },
    querySerializer: { array: { style: 'form', explode: false } },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** Thrown by `orThrow` for an answer that is not a success: the status and the API's error body. */
export class RecoApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    const error = (body as Partial<RecoErrorBody> | undefined)?.error;
    super(error ? `Reco answered ${status} ${error.code}: ${error.message}` : `Reco answered ${status}`);
    this.name = 'RecoApiError';
  }
}

/** A call's data, or a RecoApiError: `const list = orThrow(await client.GET(...))`. */
export function orThrow<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined || !result.response.ok) throw new RecoApiError(result.response.status, result.error);
  return result.data;
}
