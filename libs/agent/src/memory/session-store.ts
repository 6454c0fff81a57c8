import type { SessionTurn } from './session-turn';

/** Where turns live between requests and processes; the data layer's chat repository backs it in production. */
export interface SessionStore {
  /**
   * The last `limit` turns of a session, oldest first; empty for a new session. Throws
   * SessionAccessError when the session belongs to another customer.
   */
  loadTurns(sessionId: string, options: { customerId?: string; limit: number }): Promise<SessionTurn[]>;
  /** Appends one turn, creating the session (owned by `customerId`) when it is new. */
  appendTurn(sessionId: string, turn: SessionTurn, options: { customerId?: string }): Promise<void>;
}

/** A session id that another customer owns: its memory must not leak into this conversation. */
export class SessionAccessError extends Error {
  constructor(readonly sessionId: string) {
    super(`Session ${JSON.stringify(sessionId)} belongs to another customer`);
    this.name = 'SessionAccessError';
  }
}

/** True when `customerId` may use a session owned by `owner` (null: an anonymous session anyone holding its id may continue). */
export function mayUseSession(owner: string | null | undefined, customerId: string | undefined): boolean {
  return owner == null || owner === customerId;
}
