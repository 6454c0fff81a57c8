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

export interface ToolContext {
  /** Aborted when the call times out or the caller goes away. */
  signal: AbortSignal;
  requestId: string;
  caller: Caller;
  logger: ToolLogger;
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
