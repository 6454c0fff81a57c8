import { Writable } from 'node:stream';
import { createLogger } from './logger';

describe('createLogger', () => {
  it('never writes credentials from request headers', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ LOG_LEVEL: 'info' }, 'test', sink);
    logger.info(
      { req: { method: 'GET', url: '/api/popular', headers: { authorization: 'Bearer reco_admin_secret', cookie: 'sid=abc', host: 'x' } } },
      'request completed',
    );
    const line = JSON.parse(lines.join(''));
    expect(line.req.headers).toEqual({ authorization: '[Redacted]', cookie: '[Redacted]', host: 'x' });
    expect(lines.join('')).not.toContain('reco_admin_secret');
  });
});
