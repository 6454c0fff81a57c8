import pino, { type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from './config';

/** Credentials that request logs must never carry (pino-http logs request and response headers). */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

/** JSON logs on stdout; one line per event, with the request id bound by the HTTP layer. */
export function createLogger(config: Pick<AppConfig, 'LOG_LEVEL'>, name = 'reco', destination?: DestinationStream): Logger {
  const options = { name, level: config.LOG_LEVEL, base: { pid: process.pid }, redact: { paths: REDACTED_LOG_PATHS } };
  return destination ? pino(options, destination) : pino(options);
}
