import type { ChatMessage, ChatSession, NewChatMessage } from '../types/chat';

/** Agent memory: conversations and their messages. */
export interface ChatRepository {
  /** Creates the session, or returns it when it exists. */
  ensureSession(id: string, customerId?: string | null): Promise<ChatSession>;
  getSession(id: string): Promise<ChatSession | null>;
  /** Appends messages in order, in one transaction, and touches the session. */
  appendMessages(sessionId: string, messages: readonly NewChatMessage[]): Promise<ChatMessage[]>;
  /** The last `limit` messages of a session, oldest first. */
  recentMessages(sessionId: string, limit?: number): Promise<ChatMessage[]>;
  deleteSession(id: string): Promise<void>;
}
