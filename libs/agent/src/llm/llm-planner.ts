import { TOOL_INTENT } from '../answer/intent-sections';
import type { EnhancedTools } from '../tools/enhanced-tools';
import type { SessionTurn } from '../memory/session-turn';
import type { ExecuteStep, ExecutedCall, Planner, PlannerOutcome, PlannerTurn } from '../planner/planner';
import { LlmError, type AssistantToolCall, type ChatMessageParam, type LlmClient } from './openai-chat-client';

export interface LlmPlannerOptions {
  client: LlmClient;
  tools: EnhancedTools;
  /** Model round trips per turn; after the last, the composer writes the answer from what ran. */
  maxSteps?: number;
  /** Earlier turns replayed to the model as plain user/assistant text. */
  historyTurns?: number;
  systemPrompt?: string;
}

export const DEFAULT_MAX_STEPS = 4;

const SYSTEM_PROMPT = [
  'You are the shopping assistant of an online gift shop (prices in GBP).',
  'Use the tools to answer; call independent tools together in one step.',
  'Tools about the customer always concern the signed-in customer; never claim to show another customer\'s data.',
  'If a tool returns ok:false, say briefly which information is unavailable and answer with the rest.',
  'Answer in a few short, friendly sentences and name the products you suggest with their prices.',
  // The same answer rules as the composer's; the agent also enforces them on the text that comes back.
  'For order history, name the products bought (most recent order first) with their prices: never invoice numbers, cancellations as orders, or negative totals.',
  'Never tell a customer their marketing segment label (such as "cannot lose" or "at risk"): say what the shop offers them instead.',
  'You cannot see delivery, shipping or tracking status: say so honestly and offer the products of the last order.',
  'If you cannot understand a message (another language, only emoji), answer in English with what you can help with and one example request.',
  'Each part of a message with several requests gets its own short paragraph, in the order asked.',
].join(' ');

/**
 * Plans with a chat-completions model: each step sends the conversation, runs every tool call of
 * the reply at once, and returns the envelopes (errors included) as `tool` messages, until the
 * model answers in text. Anything unusable throws LlmError so the agent can fall back to rules.
 */
export class LlmPlanner implements Planner {
  readonly kind = 'llm' as const;

  constructor(private readonly options: LlmPlannerOptions) {}

  async run(turn: PlannerTurn, execute: ExecuteStep): Promise<PlannerOutcome> {
    const { client, tools } = this.options;
    const maxSteps = Math.max(1, this.options.maxSteps ?? DEFAULT_MAX_STEPS);
    const messages: ChatMessageParam[] = [
      { role: 'system', content: this.systemPrompt(turn.userId) },
      ...replay(turn.history.slice(-(this.options.historyTurns ?? 6))),
      { role: 'user', content: turn.message },
    ];
    const schemas = tools.openAiTools();
    const intents: string[] = [];
    for (let step = 1; step <= maxSteps; step++) {
      const reply = await client.complete({ messages, tools: schemas, signal: turn.signal });
      if (!reply.toolCalls.length) {
        if (!reply.content?.trim()) throw new LlmError('malformed', 'The model answered neither text nor tool calls');
        return { answer: reply.content.trim(), intents, notes: [] };
      }
      const calls = reply.toolCalls.map((call) => parseCall(call, tools));
      // The same intent names as the rule planner's, so answers and memory read them alike.
      intents.push(...calls.map((c) => TOOL_INTENT[c.name] ?? c.name));
      messages.push({ role: 'assistant', content: reply.content, tool_calls: reply.toolCalls });
      const executed = await execute(calls);
      for (const call of executed) {
        messages.push({ role: 'tool', tool_call_id: call.id, content: envelope(call) });
      }
    }
    // Out of steps: what ran is still worth answering with, so the composer writes the text.
    return { intents, notes: [] };
  }

  private systemPrompt(userId: string | undefined): string {
    // Quoted: a shop's customer id is any printable text (an email, a user name), data and never instructions.
    const who = userId ? `The signed-in customer's id is ${JSON.stringify(userId)}.` : 'The shopper is not signed in: customer tools will refuse.';
    return `${this.options.systemPrompt ?? SYSTEM_PROMPT} ${who}`;
  }
}

function parseCall(call: AssistantToolCall, tools: EnhancedTools): { id: string; name: string; args: Record<string, unknown> } {
  if (!tools.has(call.function.name)) throw new LlmError('malformed', `The model called an unknown tool ${JSON.stringify(call.function.name)}`);
  let args: unknown;
  try {
    args = call.function.arguments.trim() ? JSON.parse(call.function.arguments) : {};
  } catch {
    throw new LlmError('malformed', `The model sent arguments for ${call.function.name} that are not JSON`);
  }
  if (!args || typeof args !== 'object' || Array.isArray(args)) {
    throw new LlmError('malformed', `The model sent arguments for ${call.function.name} that are not an object`);
  }
  return { id: call.id, name: call.function.name, args: args as Record<string, unknown> };
}

/** The registry's envelope as the model sees it; large lists are trimmed to keep the context small. */
function envelope(call: ExecutedCall): string {
  if (!call.ok) return JSON.stringify({ ok: false, error: { code: call.error?.code, message: call.error?.message } });
  return JSON.stringify({ ok: true, data: call.data }, (_key, value: unknown) =>
    Array.isArray(value) && value.length > 20 ? value.slice(0, 20) : value,
  );
}

function replay(history: readonly SessionTurn[]): ChatMessageParam[] {
  return history.flatMap((turn): ChatMessageParam[] => [
    { role: 'user', content: turn.message },
    { role: 'assistant', content: turn.answer },
  ]);
}
