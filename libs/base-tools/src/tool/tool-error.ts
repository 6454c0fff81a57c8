/** Error codes that a tool envelope can carry; each maps to one HTTP status at the edge. */
export const TOOL_ERROR_CODES = [
  'UNKNOWN_TOOL',
  'BAD_INPUT',
  'BAD_OUTPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'CONFLICT',
  'TIMEOUT',
  'CANCELLED',
  'UNAVAILABLE',
  'TOOL_FAILED',
] as const;

export type ToolErrorCode = (typeof TOOL_ERROR_CODES)[number];

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `filters.maxPrice`; empty for the whole input. */
  field: string;
  message: string;
}

export interface ToolErrorBody {
  code: ToolErrorCode;
  message: string;
  details?: { issues?: FieldIssue[] } & Record<string, unknown>;
}

/**
 * Thrown inside tools (or by the registry) to end a call with a specific code.
 * Any other exception a tool throws becomes `TOOL_FAILED`.
 */
export class ToolError extends Error {
  constructor(
    readonly code: ToolErrorCode,
    message: string,
    readonly details?: ToolErrorBody['details'],
  ) {
    super(message);
    this.name = 'ToolError';
  }

  toBody(): ToolErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static notFound(what: string, id: string): ToolError {
    return new ToolError('NOT_FOUND', `${what} ${JSON.stringify(id)} was not found`, { id });
  }

  static forbidden(message: string): ToolError {
    return new ToolError('FORBIDDEN', message);
  }

  /**
   * The call would start what is already under way (an exclusive job of that kind): not a fault of
   * the server, and no retry helps until the other finishes. `details` names what is under way.
   */
  static conflict(message: string, details?: ToolErrorBody['details']): ToolError {
    return new ToolError('CONFLICT', message, details);
  }

  /**
   * A dependency of the tool (database, cache, store) could not be reached: the caller may retry
   * after `retryAfterSeconds`. The message is generic; what failed goes to the log.
   */
  static unavailable(tool: string, retryAfterSeconds: number): ToolError {
    return new ToolError('UNAVAILABLE', `Tool ${tool} is unavailable: a service it needs cannot be reached. Retry later.`, { retryAfterSeconds });
  }

  static badInput(issues: FieldIssue[]): ToolError {
    const summary = issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ');
    return new ToolError('BAD_INPUT', `Invalid input: ${summary}`, { issues });
  }
}

/** HTTP status for each code, used by the backend and any other HTTP edge. */
export const TOOL_ERROR_HTTP_STATUS: Record<ToolErrorCode, number> = {
  UNKNOWN_TOOL: 404,
  BAD_INPUT: 400,
  BAD_OUTPUT: 500,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  TIMEOUT: 504,
  CANCELLED: 499,
  UNAVAILABLE: 503,
  TOOL_FAILED: 500,
};

/** What a dependency failure says about itself. */
export interface DependencyFailure {
  /** What could not be reached (`database`, ...): for the log, never for an answer. */
  dependency: string;
  retryAfterSeconds: number;
}

const DEFAULT_RETRY_AFTER_SECONDS = 5;
const MAX_CAUSES = 8;

/**
 * The dependency failure `err` is, or was caused by (through `cause`), if any. The libraries
 * below the tools cannot import this one, so their errors for an unreachable dependency say so
 * with a property rather than a class: `unavailableDependency` (a name) and optionally
 * `retryAfterSeconds` (@reco/data's DatabaseUnavailableError does).
 */
export function dependencyFailureOf(err: unknown): DependencyFailure | undefined {
  let current = err;
  for (let depth = 0; depth < MAX_CAUSES && current !== null && typeof current === 'object'; depth++) {
    const { unavailableDependency, retryAfterSeconds, cause } = current as { unavailableDependency?: unknown; retryAfterSeconds?: unknown; cause?: unknown };
    if (typeof unavailableDependency === 'string') {
      const seconds = typeof retryAfterSeconds === 'number' && retryAfterSeconds > 0 ? Math.ceil(retryAfterSeconds) : DEFAULT_RETRY_AFTER_SECONDS;
      return { dependency: unavailableDependency, retryAfterSeconds: seconds };
    }
    current = cause;
  }
  return undefined;
}
