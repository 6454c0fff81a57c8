import { z } from 'zod';
import { CustomerIdSchema } from '@reco/base-tools';
import { defineRoute } from '../http/route-contract';

export const ChatBodySchema = z.object({
  /** Continues a conversation; a new one is started when absent. */
  sessionId: z.string().trim().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'letters, digits, . _ : or -, at most 128').optional(),
  /** The shopper; a customer token is always its own customer. */
  userId: CustomerIdSchema.optional(),
  message: z.string().trim().min(1).max(2_000),
});

const ChatResultSchema = z.object({
  sessionId: z.string(),
  answer: z.string(),
  products: z.array(z.record(z.string(), z.unknown())),
  toolCalls: z.array(z.object({ name: z.string(), args: z.record(z.string(), z.unknown()), ok: z.boolean(), ms: z.number() })),
  timings: z.object({ totalMs: z.number(), toolsWallMs: z.number(), slowestToolMs: z.number() }),
  planner: z.enum(['rules', 'llm']),
  /** Why the LLM planner gave way to the rules for this turn (absent when it did not). */
  fallbackReason: z.string().optional(),
  intents: z.array(z.string()),
  /** The answer's paragraphs, one per intent, in the order the shopper asked. */
  sections: z.array(z.object({ intent: z.string(), text: z.string() })).optional(),
});

export const agentChat = defineRoute({
  method: 'post',
  path: '/api/agent/chat',
  summary: 'One turn with the shopping assistant',
  tag: 'agent',
  access: 'authenticated',
  body: ChatBodySchema,
  response: ChatResultSchema,
  errors: [403, 503],
});

export const agentChatStream = defineRoute({
  method: 'post',
  path: '/api/agent/chat/stream',
  summary: 'One turn as server-sent events: plan, tool_start, tool_end, answer (or error)',
  tag: 'agent',
  access: 'authenticated',
  body: ChatBodySchema,
  produces: 'text/event-stream',
  errors: [403, 503],
});

export const AGENT_CONTRACTS = [agentChat, agentChatStream];
