import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';
import { MemoryRateLimitStore } from './memory-rate-limit-store';
import { RedisRateLimitStore } from './redis-rate-limit-store';

describe('per-caller rate limit', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer({ deps: { rateLimit: { store: new MemoryRateLimitStore(), perMinute: 3 } } })));
  afterAll(() => server.close());

  it('answers 429 with Retry-After past the limit, counting each key apart', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await server.call('/api/products/85123A')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await server.call('/api/products/85123A');
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect((await json(limited)).error).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 3 } });
    // Another key has its own budget; health is never limited.
    expect((await server.call('/api/products/85123A', { as: server.adminKey })).status).toBe(200);
    expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
  });
});

describe('RedisRateLimitStore', () => {
  const url = 'redis://127.0.0.1:6379';
  let available = false;
  beforeAll(async () => {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1_000 });
    probe.on('error', () => undefined);
    available = await probe.connect().then(
      () => true,
      () => false,
    );
    probe.disconnect();
    if (!available && process.env['CI'] === 'true') throw new Error('Redis is not reachable on 127.0.0.1:6379 (required under CI)');
  });

  it('counts hits across store instances in one window, then expires', async () => {
    if (!available) {
      console.warn('skipped: Redis is not reachable on 127.0.0.1:6379');
      return;
    }
    const prefix = `reco-test:${randomUUID()}:`;
    const a = new RedisRateLimitStore(url, prefix);
    const b = new RedisRateLimitStore(url, prefix);
    try {
      expect((await a.hit('key:x', 300)).count).toBe(1);
      const second = await b.hit('key:x', 300);
      expect(second.count).toBe(2);
      expect(second.resetMs).toBeGreaterThan(0);
      expect(second.resetMs).toBeLessThanOrEqual(300);
      expect((await a.hit('key:y', 300)).count).toBe(1);
      await new Promise((r) => setTimeout(r, 350));
      expect((await b.hit('key:x', 300)).count).toBe(1);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('fails hits at once during an outage, without a listener per waiting request', async () => {
    const down = new RedisRateLimitStore('redis://127.0.0.1:1', 'x:');
    const client = (down as unknown as { redis: Redis }).redis;
    try {
      // Start-up: the first hits wait together for the first connection, then fail.
      await Promise.all(Array.from({ length: 12 }, () => expect(down.hit('k', 60_000)).rejects.toThrow(/not connected/)));
      expect(client.listenerCount('ready')).toBe(0);
      // Known down: every hit fails on the spot (not after the start-up wait of a second).
      const started = performance.now();
      await Promise.all(Array.from({ length: 12 }, () => expect(down.hit('k', 60_000)).rejects.toThrow(/not connected/)));
      expect(performance.now() - started).toBeLessThan(250);
      expect(client.listenerCount('ready')).toBe(0);
    } finally {
      await down.close();
    }
  });

  it('lets requests through when Redis is down', async () => {
    const down = new RedisRateLimitStore('redis://127.0.0.1:1', 'x:');
    const server = await startTestServer({ deps: { rateLimit: { store: down, perMinute: 1 } } });
    try {
      expect((await server.call('/api/products/85123A')).status).toBe(200);
      expect((await server.call('/api/products/85123A')).status).toBe(200);
    } finally {
      await server.close();
      await down.close();
    }
  });
});
