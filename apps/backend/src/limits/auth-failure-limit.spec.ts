import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { Writable } from 'node:stream';
import type { Request } from 'express';
import { SignJWT } from 'jose';
import pino from 'pino';
import { deleteKeysUnder, describeWithRedis, rawClient, REDIS_URL, uniquePrefix } from '@reco/async-cache/testing';
import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';
import { ApiKeyStore, generateApiKey, hashApiKey } from '../auth/api-key-store';
import { CustomerTokens } from '../auth/customer-token';
import { AuthFailureLimit } from './auth-failure-limit';
import { clientAddressOf } from './client-address';
import { MemoryRateLimitStore } from './memory-rate-limit-store';
import type { RateLimitHit, RateLimitStore } from './rate-limit-store';
import { RedisRateLimitStore } from './redis-rate-limit-store';

const TOKEN_SECRET = 'a-test-secret-that-is-at-least-32-bytes-long';
const LIMIT = 3;

/** A random key of the right shape, as the attack sent: never one of ours. */
const guessedKey = () => `reco_admin_${randomBytes(32).toString('base64url')}`;

/** Counts what reaches the store, so a spec can see which requests paid a round trip. */
class CountingStore implements RateLimitStore {
  hits = 0;
  constructor(private readonly inner: RateLimitStore) {}
  hit(key: string, windowMs: number): RateLimitHit | Promise<RateLimitHit> {
    this.hits += 1;
    return this.inner.hit(key, windowMs);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** GET with a bearer credential from a chosen local address (127.0.0.0/8 is all loopback on Linux). */
function getFrom(url: string, credential: string, localAddress: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { localAddress, headers: { authorization: `Bearer ${credential}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

interface Instance {
  server: TestServer;
  adminKey: string;
  store: CountingStore;
  warnings: string[];
}

/** The real app with its own keys and a failed-authentication limit over `store`. */
async function startInstance(store: RateLimitStore, adminKey = generateApiKey('admin'), trustProxy: false | string = 'loopback'): Promise<Instance> {
  const counting = new CountingStore(store);
  const warnings: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) warnings.push(JSON.parse(line).msg);
      done();
    },
  });
  const keys = new ApiKeyStore([{ id: 'ops', role: 'admin', sha256: hashApiKey(adminKey) }]);
  const failures = new AuthFailureLimit({ store: counting, limit: LIMIT, windowMs: 60_000 });
  const server = await startTestServer({
    deps: { logger: pino({ level: 'warn' }, sink), auth: { keys, customerTokens: new CustomerTokens(TOKEN_SECRET, 300), failures }, trustProxy },
  });
  return { server, adminKey, store: counting, warnings };
}

describe('the client address behind a proxy (TRUST_PROXY)', () => {
  const guessesFrom = async (server: TestServer, forwardedFor: string, n: number) => {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) statuses.push((await server.call('/api/products/85123A', { as: guessedKey(), headers: { 'x-forwarded-for': forwardedFor } })).status);
    return statuses;
  };

  it('counts the forwarded client behind a trusted proxy, and the socket when no proxy is trusted', async () => {
    // The test's requests come from loopback, which is trusted by default: two clients behind it.
    const behindProxy = await startInstance(new MemoryRateLimitStore());
    try {
      expect(await guessesFrom(behindProxy.server, '203.0.113.7', LIMIT + 1)).toEqual([401, 401, 401, 429]);
      expect(await guessesFrom(behindProxy.server, '198.51.100.2', 1)).toEqual([401]);
    } finally {
      await behindProxy.server.close();
    }
    // Nothing trusted: the header is the client's own claim and changes nothing.
    const direct = await startInstance(new MemoryRateLimitStore(), generateApiKey('admin'), false);
    try {
      expect(await guessesFrom(direct.server, '203.0.113.7', LIMIT + 1)).toEqual([401, 401, 401, 429]);
      expect(await guessesFrom(direct.server, '198.51.100.2', 1)).toEqual([429]);
    } finally {
      await direct.server.close();
    }
  });
});

describe('failed authentication is limited per client address', () => {
  let a: Instance;
  beforeEach(async () => (a = await startInstance(new MemoryRateLimitStore())));
  afterEach(() => a.server.close());

  it('answers 429 with Retry-After past the limit, for valid keys too, and logs the burst once', async () => {
    expect((await a.server.call('/api/tools', { as: a.adminKey })).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 5; i++) statuses.push((await a.server.call('/api/products/85123A', { as: guessedKey() })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);

    const closed = await a.server.call('/api/tools', { as: a.adminKey });
    expect(closed.status).toBe(429);
    expect(Number(closed.headers.get('retry-after'))).toBeGreaterThanOrEqual(50);
    expect((await json(closed)).error).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: expect.any(Number) } });
    // MCP is behind the same door.
    expect((await a.server.call('/mcp', { as: a.adminKey, json: {} })).status).toBe(429);
    // Once closed, attempts are answered before any check: the store saw the first over-limit one only.
    expect(a.store.hits).toBe(LIMIT + 1);
    expect(a.warnings.filter((m) => m.startsWith('too many failed authentications'))).toHaveLength(1);

    // Another client address keeps its access.
    expect(await getFrom(`${a.server.url}/api/tools`, a.adminKey, '127.0.0.2')).toBe(200);
  });

  it('counts only credentials that are not ours: no header and our own expired token are no guesses', async () => {
    const key = new TextEncoder().encode(TOKEN_SECRET);
    const expired = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('17850').setIssuer('reco').setAudience('reco-customer').setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(key);
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('17850').setIssuer('reco').setAudience('reco-customer').setExpirationTime('5m').sign(new TextEncoder().encode('x'.repeat(40)));
    for (let i = 0; i < LIMIT + 2; i++) {
      expect((await a.server.call('/api/tools', { as: null })).status).toBe(401);
      expect((await a.server.call('/api/users/17850/profile', { as: expired })).status).toBe(401);
    }
    expect(a.store.hits).toBe(0);
    expect((await a.server.call('/api/tools', { as: a.adminKey })).status).toBe(200);
    // A forged token is a guess.
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) statuses.push((await a.server.call('/api/users/17850/profile', { as: forged })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('costs successful requests nothing: they never reach the store', async () => {
    for (let i = 0; i < 20; i++) expect((await a.server.call('/api/tools', { as: a.adminKey })).status).toBe(200);
    expect(a.store.hits).toBe(0);
  });
});

describeWithRedis('failed authentication counted in Redis', () => {
  const prefix = uniquePrefix();
  const redis = rawClient();
  const stores: RedisRateLimitStore[] = [];
  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    const adminKey = generateApiKey('admin');
    for (let i = 0; i < 2; i++) stores.push(new RedisRateLimitStore(REDIS_URL, prefix));
    a = await startInstance(stores[0] as RedisRateLimitStore, adminKey);
    b = await startInstance(stores[1] as RedisRateLimitStore, adminKey);
  });
  afterAll(async () => {
    await a.server.close();
    await b.server.close();
    for (const store of stores) await store.close();
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
  });

  it('holds across instances: attempts on one count on the other', async () => {
    const on = (i: Instance) => i.server.call('/api/products/85123A', { as: guessedKey() }).then((r) => r.status);
    expect([await on(a), await on(b), await on(a)]).toEqual([401, 401, 401]);
    expect(await on(b)).toBe(429);
    expect((await b.server.call('/api/tools', { as: b.adminKey })).status).toBe(429);
    // A learns it from its own next attempt, then refuses the valid key too.
    expect(await on(a)).toBe(429);
    expect((await a.server.call('/api/tools', { as: a.adminKey })).status).toBe(429);
    // One warning for the burst, from the instance that saw the first attempt over the limit.
    expect([...a.warnings, ...b.warnings].filter((m) => m.startsWith('too many failed authentications'))).toHaveLength(1);
  });
});

describe('clientAddressOf', () => {
  const of = (ip: string) => clientAddressOf({ ip, socket: {} } as unknown as Request);

  it('counts IPv4 as it is, IPv4-mapped IPv6 as IPv4, and IPv6 by its /64 network', () => {
    expect(of('203.0.113.7')).toBe('203.0.113.7');
    expect(of('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(of('2001:db8:0:1:aaaa::1')).toBe('2001:db8:0:1::/64');
    expect(of('2001:0db8:0000:0001:ffff:ffff:ffff:fffe')).toBe('2001:db8:0:1::/64');
    expect(of('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(of('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(of('::1')).toBe('0:0:0:0::/64');
  });
});
