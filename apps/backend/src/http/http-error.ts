import type { FieldIssue } from '@reco/base-tools';

/** The JSON body of every error answer: `{ error: { code, message, details? } }`. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/**
 * Thrown by routes and middleware; the error handler turns it into its status and JSON body (a
 * 503 whose details name `retryAfterSeconds` also gets a Retry-After header). `cause`, when given,
 * is what the log shows; it never reaches the answer.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpError';
  }

  static badRequest(issues: FieldIssue[], what = 'request'): HttpError {
    const summary = issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ');
    return new HttpError(400, 'BAD_INPUT', `Invalid ${what}: ${summary}`, { issues });
  }

  static notFound(message: string): HttpError {
    return new HttpError(404, 'NOT_FOUND', message);
  }

  static unauthorized(message: string): HttpError {
    return new HttpError(401, 'UNAUTHENTICATED', message);
  }

  static forbidden(message: string): HttpError {
    return new HttpError(403, 'FORBIDDEN', message);
  }

  static conflict(message: string, details?: Record<string, unknown>): HttpError {
    return new HttpError(409, 'CONFLICT', message, details);
  }

  /** A dependency (a service, a tool, Redis) is not there: the client may retry later. */
  static unavailable(message: string, details?: Record<string, unknown>): HttpError {
    return new HttpError(503, 'UNAVAILABLE', message, details);
  }

  /** A dependency (the database, ...) could not be reached: generic to the client, `cause` for the log. */
  static dependencyUnavailable(retryAfterSeconds: number, cause: unknown): HttpError {
    return new HttpError(503, 'UNAVAILABLE', 'A service this request needs cannot be reached. Retry later.', { retryAfterSeconds }, { cause });
  }

  /** Seconds a client should wait before retrying, for a 503 that says so. */
  get retryAfterSeconds(): number | undefined {
    const seconds = this.details?.['retryAfterSeconds'];
    return this.status === 503 && typeof seconds === 'number' && seconds > 0 ? Math.ceil(seconds) : undefined;
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}
