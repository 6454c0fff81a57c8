export const CHAT_ROLES = ['system', 'user', 'assistant', 'tool'] as const;
export type ChatRole = (typeof CHAT_ROLES)[number];

export interface ChatSession {
  id: string;
  customerId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ChatMessage {
  id: number;
  sessionId: string;
  role: ChatRole;
  content: string;
  /** Structured extras (tool calls, products shown), stored as JSON. */
  data?: unknown;
  createdAt: Date;
}

export type NewChatMessage = Pick<ChatMessage, 'role' | 'content'> & { data?: unknown };
