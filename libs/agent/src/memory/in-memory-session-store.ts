import type { SessionTurn } from './session-turn';
import { mayUseSession, SessionAccessError, type SessionStore } from './session-store';

/** Process-local store for tests and single-process demos; turns are copied so callers cannot mutate them. */
export class InMemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, { owner: string | null; turns: SessionTurn[] }>();

  async loadTurns(sessionId: string, options: { customerId?: string; limit: number }): Promise<SessionTurn[]> {
    const session = this.sessions.get(sessionId);
    if (!session) return [];
    if (!mayUseSession(session.owner, options.customerId)) throw new SessionAccessError(sessionId);
    return structuredClone(session.turns.slice(-options.limit));
  }

  async appendTurn(sessionId: string, turn: SessionTurn, options: { customerId?: string }): Promise<void> {
    let session = this.sessions.get(sessionId);
    if (!session) {
      session = { owner: options.customerId ?? null, turns: [] };
      this.sessions.set(sessionId, session);
    }
    if (!mayUseSession(session.owner, options.customerId)) throw new SessionAccessError(sessionId);
    session.turns.push(structuredClone(turn));
  }
}
