import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CustomerIdSchema, defineTool, TOOL_ERROR_CODES, ToolError, type AnyTool, type Caller } from '@reco/base-tools';
import type { CreateHybridAgent } from '../agent/hybrid-agent-factory';
import { ASK_SHOPPING_ASSISTANT } from './assistant-tool-name';

export { ASK_SHOPPING_ASSISTANT };

const Input = z.object({
  message: z.string().trim().min(1).max(2_000),
  /** Continue a conversation; a new one is started when absent. */
  sessionId: z.string().trim().min(1).max(128).optional(),
  /** The shopper; staff keys may act for any customer, a customer token only for itself. */
  userId: CustomerIdSchema.optional(),
});

const Output = z.object({
  sessionId: z.string(),
  answer: z.string(),
  planner: z.enum(['rules', 'llm']),
  products: z.array(z.record(z.string(), z.unknown())),
  toolCalls: z.array(
    z.object({
      name: z.string(),
      args: z.record(z.string(), z.unknown()),
      ok: z.boolean(),
      ms: z.number(),
      error: z.object({ code: z.enum(TOOL_ERROR_CODES), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }).optional(),
    }),
  ),
  timings: z.object({ totalMs: z.number(), toolsWallMs: z.number(), slowestToolMs: z.number() }),
  intents: z.array(z.string()),
  /** Why the LLM planner was set aside for this turn (the rules answered it). */
  fallbackReason: z.string().optional(),
  /** The answer's paragraphs, one per intent of the message. */
  sections: z.array(z.object({ intent: z.string(), text: z.string() })).optional(),
});

/** The agent as a tool, so `POST /api/tools/ask_shopping_assistant` and MCP clients can drive it. */
export function askShoppingAssistantTool(createAgent: CreateHybridAgent, timeoutMs: number): AnyTool {
  return defineTool({
    name: ASK_SHOPPING_ASSISTANT,
    title: 'Ask the shopping assistant',
    description: 'Ask the shopping assistant in plain words; it runs the right tools at once and answers with products.',
    annotations: {
      // It changes no shop data: the tools it runs are reads, and the turn it remembers is its own conversation.
      readOnlyHint: true,
      // Not idempotent: a turn continues the session's conversation (a follow-up reads the earlier
      // turns), and an LLM may word the same question differently each time.
      idempotentHint: false,
      // Open-world: with an LLM configured (LLM_BASE_URL) the shopper's message goes to that model,
      // outside the shop, and its words come back in the answer. Without one the rules answer from
      // the shop's data alone, but the hint means "may", and a client weighs it before sending a
      // user's words; a deployment can switch the LLM on at any time.
      openWorldHint: true,
    },
    input: Input,
    output: Output,
    timeoutMs,
    async execute({ message, sessionId, userId }, ctx) {
      const shopper = shopperFor(ctx.caller, userId);
      const session = sessionId ?? randomUUID();
      const agent = createAgent({ sessionId: session, userId: shopper, caller: ctx.caller, requestId: ctx.requestId });
      const result = await agent.chat(message, { signal: ctx.signal });
      return {
        sessionId: session,
        answer: result.answer,
        planner: result.planner,
        products: result.products as unknown as Record<string, unknown>[],
        toolCalls: result.toolCalls,
        timings: result.timings,
        intents: result.intents,
        ...(result.fallbackReason ? { fallbackReason: result.fallbackReason } : {}),
        ...(result.sections ? { sections: result.sections } : {}),
      };
    },
  });
}

function shopperFor(caller: Caller, userId: string | undefined): string | undefined {
  if (caller.kind === 'customer') {
    if (userId !== undefined && userId !== caller.customerId) throw ToolError.forbidden('A customer can only chat as themselves');
    return caller.customerId;
  }
  if (caller.kind === 'anonymous' && userId !== undefined) throw ToolError.forbidden('Sign in to chat about a customer account');
  return userId;
}
