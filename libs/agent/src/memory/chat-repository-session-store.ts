import type { ChatRepository } from '@reco/data';
import type { SessionTurn } from './session-turn';
import { mayUseSession, SessionAccessError, type SessionStore } from './session-store';

/** What the assistant message's `data` column holds; the user message holds only the text. */
interface AssistantData {
  kind: 'agent-turn';
  planner: SessionTurn['planner'];
  intents: string[];
  toolCalls: SessionTurn['toolCalls'];
  products: SessionTurn['products'];
  at: string;
}

/**
 * SessionStore over the data layer's chat repository: a turn is a `user` message followed by an
 * `assistant` message whose JSON data carries the tool calls and products shown.
 */
export class ChatRepositorySessionStore implements SessionStore {
  constructor(private readonly chats: ChatRepository) {}

  async loadTurns(sessionId: string, options: { customerId?: string; limit: number }): Promise<SessionTurn[]> {
    const session = await this.chats.getSession(sessionId);
    if (!session) return [];
    if (!mayUseSession(session.customerId, options.customerId)) throw new SessionAccessError(sessionId);
    // Two messages per turn, plus one in case the window starts on an assistant message.
    const messages = await this.chats.recentMessages(sessionId, options.limit * 2 + 1);
    const turns: SessionTurn[] = [];
    for (let i = 0; i < messages.length - 1; i++) {
      const question = messages[i];
      const reply = messages[i + 1];
      if (question.role !== 'user' || reply.role !== 'assistant') continue;
      const data = asAssistantData(reply.data);
      turns.push({
        message: question.content,
        answer: reply.content,
        planner: data?.planner ?? 'rules',
        intents: data?.intents ?? [],
        toolCalls: data?.toolCalls ?? [],
        products: data?.products ?? [],
        at: data?.at ?? reply.createdAt.toISOString(),
      });
      i++;
    }
    return turns.slice(-options.limit);
  }

  async appendTurn(sessionId: string, turn: SessionTurn, options: { customerId?: string }): Promise<void> {
    const session = await this.chats.ensureSession(sessionId, options.customerId ?? null);
    if (!mayUseSession(session.customerId, options.customerId)) throw new SessionAccessError(sessionId);
    const data: AssistantData = {
      kind: 'agent-turn',
      planner: turn.planner,
      intents: turn.intents,
      toolCalls: turn.toolCalls,
      products: turn.products,
      at: turn.at,
    };
    await this.chats.appendMessages(sessionId, [
      { role: 'user', content: turn.message },
      { role: 'assistant', content: turn.answer, data },
    ]);
  }
}

function asAssistantData(value: unknown): AssistantData | undefined {
  const data = typeof value === 'string' ? safeParse(value) : value;
  return data && typeof data === 'object' && (data as { kind?: unknown }).kind === 'agent-turn' ? (data as AssistantData) : undefined;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
