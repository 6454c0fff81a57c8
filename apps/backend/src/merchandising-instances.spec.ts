import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { openDatabase } from '@reco/data';
import { describePostgres, SAMPLE_CSV, type TestDatabase } from '@reco/data/testing';
import { startBackendProcess, type BackendProcess } from './__fixtures__/backend-process';
import { generateApiKey, hashApiKey } from './auth/api-key-store';

const REDIS_URL = 'redis://127.0.0.1:6379';
// A rule change must reach every instance within this long (issue 18).
const PROPAGATION_LIMIT_MS = 1_000;

// Real processes: two backends from source on one PostgreSQL database (the sample imported) and
// one Redis prefix (tiered cache and cluster signals), as a deployment runs them.
jest.setTimeout(180_000);

describePostgres('a rule written on one instance, seen by another', (backend) => {
  const key = generateApiKey('service');
  const prefix = `reco-test:${randomUUID()}:`;
  let testDb: TestDatabase | undefined;
  let redis: Redis | undefined;
  let dataDir: string | undefined;
  let redisReachable = false;
  const running: BackendProcess[] = [];

  const start = async () => {
    const started = await startBackendProcess({
      NODE_ENV: 'test',
      PORT: '0',
      DATA_DIR: dataDir ?? '',
      DATABASE_URL: testDb?.url ?? '',
      CACHE_BACKEND: 'tiered',
      REDIS_URL,
      CACHE_KEY_PREFIX: prefix,
      API_KEYS: `spec-merchandiser:service:${hashApiKey(key)}`,
      EXECUTOR_THREADS: '1',
      // The spec polls as fast as it can: no per-key limit in the way.
      RATE_LIMIT_PER_MINUTE: '0',
    });
    running.push(started);
    return started;
  };
  const call = (instance: BackendProcess, route: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${instance.url}${route}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${key}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const homeList = async (instance: BackendProcess, userId: string): Promise<string[]> => {
    const res = await call(instance, `/api/placements/home/recommendations?userId=${userId}&k=10`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: { productId: string }[] }).items.map((item) => item.productId);
  };
  /** Asks `instance` until `done` holds for its list; how long after `since` that was. */
  const waitFor = async (instance: BackendProcess, userId: string, since: number, done: (ids: string[]) => boolean): Promise<number> => {
    for (;;) {
      const ids = await homeList(instance, userId);
      const elapsed = performance.now() - since;
      if (done(ids)) return elapsed;
      if (elapsed > 10 * PROPAGATION_LIMIT_MS) throw new Error(`not seen after ${Math.round(elapsed)} ms: ${ids.join(',')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
    redis.on('error', () => undefined);
    redisReachable = await redis.connect().then(
      () => true,
      () => false,
    );
    if (!redisReachable && process.env['CI'] === 'true') throw new Error(`Redis is not reachable on ${REDIS_URL} (required under CI)`);
    dataDir = mkdtempSync(path.join(tmpdir(), 'reco-merch-instances-'));
    testDb = await backend.create();
    const db = await openDatabase({ url: testDb.url });
    try {
      await db.migrate();
      await db.importer.import(SAMPLE_CSV);
    } finally {
      await db.close();
    }
  });
  afterAll(async () => {
    await Promise.all(running.map((instance) => instance.stop()));
    await testDb?.drop();
    if (redis && redisReachable) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    redis?.disconnect();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('excludes a product on the second instance within 1 s of the 201 from the first, and brings it back as fast when the rule goes', async () => {
    if (!redisReachable) {
      console.warn(`skipped: Redis is not reachable on ${REDIS_URL}`);
      return;
    }
    const [writer, reader] = await Promise.all([start(), start()]);
    const userId = '17850';
    // Warm: the reader has loaded the rules, and its caches hold this list, before the change.
    const before = await homeList(reader, userId);
    expect(await homeList(reader, userId)).toEqual(before);
    const target = before[0];
    if (target === undefined) throw new Error('the home placement answered no products');

    const posted = await call(writer, '/api/admin/rules', {
      method: 'POST',
      body: { name: 'hide-on-home', kind: 'exclude', placement: 'home', match: { productIds: [target] } },
    });
    const createdAt = performance.now();
    expect(posted.status).toBe(201);
    const rule = (await posted.json()) as { id: string; createdBy: string };
    expect(rule.createdBy).toBe('spec-merchandiser');
    const hiddenAfterMs = await waitFor(reader, userId, createdAt, (ids) => !ids.includes(target));
    expect(hiddenAfterMs).toBeLessThan(PROPAGATION_LIMIT_MS);
    // The list is still full: the next candidate took the excluded product's place.
    expect((await homeList(reader, userId)).length).toBe(before.length);

    const removed = await call(writer, `/api/admin/rules/${rule.id}`, { method: 'DELETE' });
    const removedAt = performance.now();
    expect(removed.status).toBe(204);
    const backAfterMs = await waitFor(reader, userId, removedAt, (ids) => ids.includes(target));
    expect(backAfterMs).toBeLessThan(PROPAGATION_LIMIT_MS);

    // The audit on either instance shows who did what.
    const audit = (await (await call(reader, `/api/admin/merchandising/changes?objectId=${rule.id}`)).json()) as { items: { action: string; actor: string }[] };
    expect(audit.items.map((c) => `${c.action}:${c.actor}`)).toEqual(['delete:spec-merchandiser', 'create:spec-merchandiser']);
    console.info(`rule change seen by the other instance after ${Math.round(hiddenAfterMs)} ms (create) and ${Math.round(backAfterMs)} ms (delete)`);
  });
});
