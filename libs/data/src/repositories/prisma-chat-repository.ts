import type { DataClient } from '../database/data-client';
import { CHAT_ROLES, type ChatMessage, type ChatRole, type ChatSession, type NewChatMessage } from '../types/chat';
import type { ChatRepository } from './chat-repository';

function toMessage(row: { id: number; sessionId: string; role: string; content: string; data: string | null; createdAt: Date }): ChatMessage {
  const message: ChatMessage = { id: row.id, sessionId: row.sessionId, role: row.role as ChatRole, content: row.content, createdAt: row.createdAt };
  if (row.data !== null) message.data = JSON.parse(row.data) as unknown;
  return message;
}

export class PrismaChatRepository implements ChatRepository {
  constructor(private readonly client: DataClient) {}

  async ensureSession(id: string, customerId: string | null = null): Promise<ChatSession> {
    const now = new Date();
    return this.client.chatSession.upsert({
      where: { id },
      create: { id, customerId, createdAt: now, updatedAt: now },
      update: {},
    });
  }

  async getSession(id: string): Promise<ChatSession | null> {
    return this.client.chatSession.findUnique({ where: { id } });
  }

  async appendMessages(sessionId: string, messages: readonly NewChatMessage[]): Promise<ChatMessage[]> {
    for (const m of messages) if (!CHAT_ROLES.includes(m.role)) throw new Error(`unknown chat role ${JSON.stringify(m.role)}`);
    const now = new Date();
    const rows = await this.client.$transaction(async (tx) => {
      await tx.chatSession.update({ where: { id: sessionId }, data: { updatedAt: now } });
      const created = [];
      // One insert per message keeps their ids in order; a turn holds a handful of messages.
      for (const m of messages) {
        created.push(
          await tx.chatMessage.create({
            data: { sessionId, role: m.role, content: m.content, data: m.data === undefined ? null : JSON.stringify(m.data), createdAt: now },
          }),
        );
      }
      return created;
    });
    return rows.map(toMessage);
  }

  async recentMessages(sessionId: string, limit = 50): Promise<ChatMessage[]> {
    const rows = await this.client.chatMessage.findMany({ where: { sessionId }, orderBy: { id: 'desc' }, take: limit });
    return rows.reverse().map(toMessage);
  }

  async deleteSession(id: string): Promise<void> {
    await this.client.chatSession.deleteMany({ where: { id } });
  }
}
