/** Who is calling a tool; tools that read customer data check it. */
export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'customer'; customerId: string }
  | { kind: 'service'; keyId: string }
  | { kind: 'admin'; keyId: string };

/** The logging surface tools may use; a pino logger satisfies it. */
export interface ToolLogger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): ToolLogger;
}

/** How far a long call has come: `progress` of `total` when the total is known, and a line for people. */
export interface ToolProgress {
  progress: number;
  total?: number;
  message?: string;
}

/** Told each progress update of a call (an MCP client's `notifications/progress`, a CLI's bar). */
export type ToolProgressListener = (update: ToolProgress) => void;

export interface ToolContext {
  /** Aborted when the call times out or the caller goes away. */
  signal: AbortSignal;
  requestId: string;
  caller: Caller;
  logger: ToolLogger;
  /**
   * Tells the caller how far a long call has come (e.g. 40 of 100, "training"). A no-op when the
   * caller asked for no progress; it never throws, whatever the caller's listener does.
   */
  reportProgress(progress: number, total?: number, message?: string): void;
}

export const silentLogger: ToolLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

/** True when the caller may read data of `customerId`: staff keys always, a customer only their own. */
export function canReadCustomer(caller: Caller, customerId: string): boolean {
  switch (caller.kind) {
    case 'admin':
    case 'service':
      return true;
    case 'customer':
      return caller.customerId === customerId;
    case 'anonymous':
      return false;
  }
}
