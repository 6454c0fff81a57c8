import { z } from 'zod';
import { defineTool } from '@reco/base-tools';
import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';

describe('request limits and headers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ deps: { requestTimeoutMs: 200, bodyLimit: 2048, corsOrigins: ['https://shop.example'] } });
    server.registry.register(
      defineTool({
        name: 'very_slow',
        description: 'Slower than the request timeout',
        input: z.object({}),
        output: z.object({}),
        timeoutMs: 5_000,
        execute: (_i, ctx) => new Promise((resolve) => {
          const t = setTimeout(() => resolve({}), 2_000);
          ctx.signal.addEventListener('abort', () => clearTimeout(t));
        }),
      }),
    );
  });
  afterAll(() => server.close());

  it('answers 504 TIMEOUT when a request outlives REQUEST_TIMEOUT_MS', async () => {
    const started = Date.now();
    const res = await server.call('/api/tools/very_slow', { json: {} });
    expect(res.status).toBe(504);
    expect((await json(res)).error.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('answers 413 for a JSON body over the limit', async () => {
    const res = await server.call('/api/events', { json: { eventId: 'x', customerId: '1', productId: 'A', type: 'view', pad: 'x'.repeat(4_000) } });
    expect(res.status).toBe(413);
    expect((await json(res)).error.code).toBe('BODY_TOO_LARGE');
  });

  it('allows listed origins only', async () => {
    const allowed = await fetch(`${server.url}/api/products/85123A`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const other = await fetch(`${server.url}/api/products/85123A`, { headers: { origin: 'https://evil.example', authorization: `Bearer ${server.serviceKey}` } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends helmet headers with a CSP that allows only the page’s own scripts', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('answers 500 INTERNAL without a stack trace when a route fails unexpectedly', async () => {
    const broken = await startTestServer({ services: { customerProfiles: async () => Promise.reject(new Error('connect ECONNREFUSED /var/run/db.sock')) } });
    try {
      const res = await broken.call('/api/users');
      expect(res.status).toBe(500);
      const body = await json(res);
      expect(body).toEqual({ error: { code: 'INTERNAL', message: expect.stringMatching(/^Internal server error/), details: { requestId: expect.any(String) } } });
      expect(JSON.stringify(body)).not.toContain('db.sock');
    } finally {
      await broken.close();
    }
  });
});
