import { Writable } from 'node:stream';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
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

describe('trace ids in log lines', () => {
  const linesOf = (run: (logger: ReturnType<typeof createLogger>) => void) => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    run(createLogger({ LOG_LEVEL: 'info' }, 'test', sink));
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  };
  const spanContext = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED };

  afterEach(() => context.disable());

  it('adds trace_id and span_id while a span is active, and nothing outside it', () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const [inside, outside] = linesOf((logger) => {
      context.with(trace.setSpan(context.active(), trace.wrapSpanContext(spanContext)), () => logger.child({ requestId: 'r1' }).info('inside'));
      logger.info('outside');
    });
    expect(inside).toMatchObject({ msg: 'inside', requestId: 'r1', trace_id: spanContext.traceId, span_id: spanContext.spanId });
    expect(outside).not.toHaveProperty('trace_id');
  });

  it('adds nothing when no tracing is set up (no context manager: no span is ever active)', () => {
    const [line] = linesOf((logger) =>
      context.with(trace.setSpan(context.active(), trace.wrapSpanContext(spanContext)), () => logger.info('no tracing')),
    );
    expect(line).not.toHaveProperty('trace_id');
    expect(line).not.toHaveProperty('span_id');
  });
});
