import type { FieldIssue } from '@reco/base-tools';

/** The JSON body of every error answer: `{ error: { code, message, details? } }`. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** Thrown by routes and middleware; the error handler turns it into its status and JSON body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
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

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}
