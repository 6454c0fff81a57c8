import type { ChatRepository } from '@reco/data';

/**
 * A ChatRepository whose database opens on first use, so the agent can be wired before the
 * database is (the container builds synchronously; the database opens asynchronously).
 */
export function lazyChatRepository(open: () => Promise<{ chats: ChatRepository }>): ChatRepository {
  const chats = async () => (await open()).chats;
  return {
    ensureSession: async (id, customerId) => (await chats()).ensureSession(id, customerId),
    getSession: async (id) => (await chats()).getSession(id),
    appendMessages: async (sessionId, messages) => (await chats()).appendMessages(sessionId, messages),
    recentMessages: async (sessionId, limit) => (await chats()).recentMessages(sessionId, limit),
    deleteSession: async (id) => (await chats()).deleteSession(id),
  };
}
