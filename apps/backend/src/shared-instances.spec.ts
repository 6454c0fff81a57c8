import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { openDatabase, type Database } from '@reco/data';
import { describePostgres, type TestDatabase } from '@reco/data/testing';
import { startBackendProcess, type BackendProcess } from './__fixtures__/backend-process';
import { generateApiKey, hashApiKey } from './auth/api-key-store';

const REDIS_URL = 'redis://127.0.0.1:6379';

// Real processes: two backends from source sharing one PostgreSQL database and one Redis prefix.
jest.setTimeout(120_000);

// Several instances share PostgreSQL; SQLite is the embedded database of one instance.
describePostgres('two backend instances, one database', (backend) => {
  const adminKey = generateApiKey('admin');
  const prefix = `reco-test:${randomUUID()}:`;
  let testDb: TestDatabase | undefined;
  let db: Database | undefined;
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
      API_KEYS: `spec-admin:admin:${hashApiKey(adminKey)}`,
      EXECUTOR_THREADS: '1',
    });
    running.push(started);
    return started;
  };
  const stop = async (instance: BackendProcess) => {
    running.splice(running.indexOf(instance), 1);
    expect(await instance.stop()).toBe(0);
  };
  const post = (instance: BackendProcess, route: string, body: unknown) =>
    fetch(`${instance.url}${route}`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const stored = async (eventId: string) => (await db?.client.event.count({ where: { eventId } })) ?? -1;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
    redis.on('error', () => undefined);
    redisReachable = await redis.connect().then(
      () => true,
      () => false,
    );
    if (!redisReachable && process.env['CI'] === 'true') throw new Error(`Redis is not reachable on ${REDIS_URL} (required under CI)`);
    dataDir = mkdtempSync(path.join(tmpdir(), 'reco-instances-'));
    testDb = await backend.create();
    db = await openDatabase({ url: testDb.url });
    await db.migrate();
  });
  afterAll(async () => {
    await Promise.all(running.map((instance) => instance.stop()));
    await db?.close();
    await testDb?.drop();
    if (redis && redisReachable) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    redis?.disconnect();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('store one event id once: sent to both at once, after a restart, and after the cache is flushed', async () => {
    if (!redisReachable) {
      console.warn(`skipped: Redis is not reachable on ${REDIS_URL}`);
      return;
    }
    const [first, b] = await Promise.all([start(), start()]);
    let a = first;
    const event = { eventId: 'shared-1', customerId: 'C-1', productId: 'SKU-000123', type: 'purchase', quantity: 1 };
    const untimed = { eventId: 'shared-2', sessionId: 'visit-1', productId: 'SKU-000124', type: 'view' };

    // Concurrent sends of the same ids to both instances: the database stores each once.
    const answers = await Promise.all([a, b, a, b, a, b].map((instance) => post(instance, '/api/events', { events: [event, untimed] })));
    const bodies = await Promise.all(answers.map((res) => res.json() as Promise<{ recorded: number; duplicates: number; results: { recordedAt: string }[] }>));
    expect(answers.map((res) => res.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(bodies.reduce((n, body) => n + body.recorded, 0)).toBe(2);
    expect(bodies.reduce((n, body) => n + body.duplicates, 0)).toBe(10);
    expect([await stored('shared-1'), await stored('shared-2')]).toEqual([1, 1]);
    const recordedAt = bodies.find((body) => body.recorded === 2)?.results[0]?.recordedAt;

    // A restarted instance knows nothing in memory; the database still does.
    await stop(a);
    a = await start();
    const afterRestart = await post(a, '/api/events', event);
    expect(afterRestart.status).toBe(200);
    expect(await afterRestart.json()).toMatchObject({ recorded: 0, duplicates: 1, results: [{ duplicate: true, recordedAt }] });

    // Nothing of it lives in the cache: flushed through the API and every key of the prefix deleted.
    expect((await post(b, '/api/admin/cache/flush', { namespaces: ['recs', 'events'] })).status).toBe(200);
    const keys = await redis?.keys(`${prefix}*`);
    if (keys?.length) await redis?.del(...keys);
    const afterFlush = await Promise.all([post(a, '/api/events', untimed), post(b, '/api/events', untimed)]);
    expect(afterFlush.map((res) => res.status)).toEqual([200, 200]);
    expect([await stored('shared-1'), await stored('shared-2')]).toEqual([1, 1]);

    // The id reused for another event is refused on both, changing nothing.
    const reused = await Promise.all([a, b].map((instance) => post(instance, '/api/events', { ...event, quantity: 2 })));
    expect(reused.map((res) => res.status)).toEqual([409, 409]);
    expect(await stored('shared-1')).toBe(1);
    await Promise.all([stop(a), stop(b)]);
  });
});
