import pino, { type Logger } from 'pino';
import type { AppConfig } from './config';

/** JSON logs on stdout; one line per event, with the request id bound by the HTTP layer. */
export function createLogger(config: Pick<AppConfig, 'LOG_LEVEL'>, name = 'reco'): Logger {
  return pino({ name, level: config.LOG_LEVEL, base: { pid: process.pid } });
}
