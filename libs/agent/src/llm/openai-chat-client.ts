import type { OpenAiFunctionTool } from '@reco/base-tools';
import { SpanKind } from '@opentelemetry/api';
import { inSpan } from '../tracing';

/** Chat-completions messages, as much of the protocol as the planner uses. */
export type ChatMessageParam =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: AssistantToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface AssistantToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatCompletionRequest {
  messages: ChatMessageParam[];
  tools?: OpenAiFunctionTool[];
  signal?: AbortSignal;
}

/** The first choice's message. */
export interface ChatCompletionReply {
  content: string | null;
  toolCalls: AssistantToolCall[];
  finishReason?: string;
}

export interface LlmClient {
  complete(request: ChatCompletionRequest): Promise<ChatCompletionReply>;
}

export type LlmErrorReason = 'timeout' | 'http' | 'network' | 'malformed' | 'cancelled';

/** Why a completion could not be used; the hybrid agent falls back to rules on any of these. */
export class LlmError extends Error {
  constructor(
    readonly reason: LlmErrorReason,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'LlmError';
  }
}

export interface OpenAiChatClientOptions {
  /** e.g. https://api.openai.com/v1, http://localhost:11434/v1 (Ollama), a vLLM server. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Per request. */
  timeoutMs?: number;
  temperature?: number;
  fetch?: typeof fetch;
}

export const DEFAULT_LLM_TIMEOUT_MS = 15_000;

/** Minimal client for any OpenAI-compatible chat-completions endpoint, over Node's fetch. */
export class OpenAiChatClient implements LlmClient {
  private readonly url: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: OpenAiChatClientOptions) {
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    this.fetch = options.fetch ?? fetch;
  }

  complete(request: ChatCompletionRequest): Promise<ChatCompletionReply> {
    const attributes = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': this.options.model, 'server.address': new URL(this.url).host };
    return inSpan(`chat ${this.options.model}`, attributes, async (span) => {
      const reply = await this.send(request);
      span?.setAttributes({ 'gen_ai.response.tool_calls': reply.toolCalls.length, ...(reply.finishReason ? { 'gen_ai.response.finish_reasons': [reply.finishReason] } : {}) });
      return reply;
    }, SpanKind.CLIENT);
  }

  private async send(request: ChatCompletionRequest): Promise<ChatCompletionReply> {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const body: Record<string, unknown> = {
      model: this.options.model,
      messages: request.messages,
      temperature: this.options.temperature ?? 0,
    };
    if (request.tools?.length) {
      body['tools'] = request.tools;
      body['tool_choice'] = 'auto';
      body['parallel_tool_calls'] = true;
    }
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        },
        body: JSON.stringify(body),
        signal,
      });
      text = await response.text();
    } catch (err) {
      if (request.signal?.aborted) throw new LlmError('cancelled', 'The request was cancelled');
      if (timeout.aborted) throw new LlmError('timeout', `The model did not answer within ${timeoutMs} ms`);
      throw new LlmError('network', `Could not reach the model: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!response.ok) {
      throw new LlmError('http', `The model endpoint answered HTTP ${response.status}: ${text.slice(0, 200)}`, response.status);
    }
    return parseReply(text);
  }
}

function parseReply(text: string): ChatCompletionReply {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new LlmError('malformed', 'The model endpoint did not answer JSON');
  }
  const choice = (json as { choices?: unknown }).choices;
  const first = Array.isArray(choice) ? (choice[0] as { message?: unknown; finish_reason?: unknown } | undefined) : undefined;
  const message = first?.message as { content?: unknown; tool_calls?: unknown } | undefined;
  if (!message || typeof message !== 'object') throw new LlmError('malformed', 'The reply has no choices');
  if (message.content != null && typeof message.content !== 'string') throw new LlmError('malformed', 'The reply content is not text');
  const rawCalls = message.tool_calls ?? [];
  if (!Array.isArray(rawCalls)) throw new LlmError('malformed', 'tool_calls is not a list');
  const toolCalls = rawCalls.map((raw, i): AssistantToolCall => {
    const call = raw as { id?: unknown; function?: { name?: unknown; arguments?: unknown } };
    if (typeof call.function?.name !== 'string') throw new LlmError('malformed', `Tool call ${i} has no function name`);
    const args = call.function.arguments;
    return {
      id: typeof call.id === 'string' && call.id ? call.id : `call_${i}`,
      type: 'function',
      function: { name: call.function.name, arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) },
    };
  });
  return {
    content: (message.content as string | null | undefined) ?? null,
    toolCalls,
    finishReason: typeof first?.finish_reason === 'string' ? first.finish_reason : undefined,
  };
}
