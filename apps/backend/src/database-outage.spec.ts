import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '@reco/data';
import { describePostgres, SAMPLE_CSV, type TestDatabase } from '@reco/data/testing';
import { PostgresProxy } from './__fixtures__/postgres-proxy';
import { startBackendProcess, type BackendProcess } from './__fixtures__/backend-process';
import { generateApiKey, hashApiKey } from './auth/api-key-store';
import { lastJsonRpcMessage } from './mcp/__fixtures__/mcp-spec-clients';

// A real backend process on PostgreSQL through a proxy the test starts, kills and breaks.
jest.setTimeout(120_000);

const CUSTOMER = '16904'; // in the sample
// What an answer must never show: driver messages, source positions, the database's address.
const INTERNALS = /127\.0\.0\.1|localhost|:\d{4,5}\b|invocation|prisma|\.[jt]s\b|findUnique|findMany|reach database|ECONN|postgres|Connection terminated/i;

interface ErrorAnswer {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

describePostgres('the backend when PostgreSQL fails', (backend) => {
  const adminKey = generateApiKey('admin');
  let testDb: TestDatabase | undefined;
  let db: Database | undefined;
  let dataDir: string | undefined;
  let proxy: PostgresProxy | undefined;
  let instance: BackendProcess | undefined;

  const call = (route: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    fetch(`${instance?.url}${route}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json', ...init.headers },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  // Read straight from the database, never through the proxy.
  const stored = async (eventId: string) => (await db?.client.event.count({ where: { eventId } })) ?? -1;
  const purchase = (eventId: string) => ({ eventId, customerId: CUSTOMER, productId: '22180', type: 'purchase', quantity: 1 });
  /** Until the backend's pool reaches the database again after the proxy came back. */
  const databaseServing = async () => {
    for (let attempt = 0; attempt < 50; attempt++) {
      if ((await call('/api/users?limit=1')).status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('the backend did not reach the database again');
  };

  beforeAll(async () => {
    testDb = await backend.create();
    db = await openDatabase({ url: testDb.url });
    await db.migrate();
    await db.importer.import(SAMPLE_CSV);
    dataDir = mkdtempSync(path.join(tmpdir(), 'reco-db-outage-'));
    const target = new URL(testDb.url);
    proxy = new PostgresProxy(target.hostname, Number(target.port || 5432));
    // The port the backend is given, then refused: the database is down from its first request.
    await proxy.start();
    await proxy.kill();
    instance = await startBackendProcess({
      NODE_ENV: 'test',
      PORT: '0',
      DATA_DIR: dataDir,
      DATABASE_URL: proxy.through(testDb.url),
      CACHE_BACKEND: 'memory',
      API_KEYS: `spec-admin:admin:${hashApiKey(adminKey)}`,
      EXECUTOR_THREADS: '1',
    });
  });
  afterAll(async () => {
    await instance?.stop();
    await proxy?.kill();
    await db?.close();
    await testDb?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After and a generic body on every route that needs the database, showing none of its internals', async () => {
    const eventId = `down-${randomUUID()}`;
    const routes: [string, { body?: unknown }][] = [
      [`/api/users/${CUSTOMER}/purchases`, {}],
      [`/api/users/${CUSTOMER}/recommendations?k=5`, {}],
      ['/api/products/search?q=lamp', {}],
      ['/api/users', {}],
      ['/api/events', { body: purchase(eventId) }],
    ];
    for (const [route, init] of routes) {
      const res = await call(route, init);
      const text = await res.text();
      expect({ route, status: res.status, retryAfter: res.headers.get('retry-after') }).toEqual({ route, status: 503, retryAfter: '5' });
      const body = JSON.parse(text) as ErrorAnswer;
      expect(body.error).toMatchObject({ code: 'UNAVAILABLE', details: { retryAfterSeconds: 5, requestId: res.headers.get('x-request-id') } });
      expect({ route, text }).not.toEqual({ route, text: expect.stringMatching(INTERNALS) });
    }
    expect(await stored(eventId)).toBe(0);
  });

  it('answers UNAVAILABLE in the tool envelope, over /api/tools and MCP alike', async () => {
    const overHttp = await call('/api/tools/get_purchase_history', { body: { userId: CUSTOMER } });
    const envelope = (await overHttp.json()) as { ok: boolean; error: ErrorAnswer['error'] };
    expect(overHttp.status).toBe(503);
    expect(overHttp.headers.get('retry-after')).toBe('5');
    expect(envelope).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', details: { retryAfterSeconds: 5 } } });
    expect(JSON.stringify(envelope)).not.toMatch(INTERNALS);

    const overMcp = await call('/mcp', {
      headers: { accept: 'application/json, text/event-stream' },
      body: { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get_purchase_history', arguments: { userId: CUSTOMER } } },
    });
    const text = await overMcp.text();
    expect(overMcp.status).toBe(200);
    // A 2025-era request without a session: the answer comes as one server-sent event.
    const answer = lastJsonRpcMessage<{ result: { isError: boolean; content: { text: string }[] } }>(text);
    expect(answer.result.isError).toBe(true);
    expect(JSON.parse(answer.result.content[0]?.text ?? '')).toMatchObject({ error: { code: 'UNAVAILABLE', details: { retryAfterSeconds: 5 } } });
    expect(text).not.toMatch(INTERNALS);
  });

  it('answers 201 for an event whose commit was confirmed, though the database went away right after, and stores it once', async () => {
    await proxy?.start();
    await databaseServing();
    const eventId = `after-commit-${randomUUID()}`;
    const struck = proxy?.failAtNextCommit('down-after-commit');
    const res = await call('/api/events', { body: purchase(eventId) });
    await struck;
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ recorded: 1, duplicates: 0, results: [{ eventId, status: 'recorded', duplicate: false }] });
    expect(await stored(eventId)).toBe(1);

    // Sent again once the database is back: the same event, answered as a duplicate, never a second row.
    await proxy?.start();
    await databaseServing();
    const retry = await call('/api/events', { body: purchase(eventId) });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ recorded: 0, duplicates: 1, results: [{ eventId, duplicate: true }] });
    expect(await stored(eventId)).toBe(1);
  });

  it('says the outcome is unknown, naming the eventIds, when the answer to the commit is lost; the retry stores nothing twice', async () => {
    await databaseServing();
    const eventIds = [`lost-a-${randomUUID()}`, `lost-b-${randomUUID()}`];
    const struck = proxy?.failAtNextCommit('commit-answer-lost');
    const res = await call('/api/events', { body: { events: eventIds.map(purchase) } });
    await struck;
    const text = await res.text();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const body = JSON.parse(text) as ErrorAnswer;
    expect(body.error).toMatchObject({ code: 'OUTCOME_UNKNOWN', message: expect.stringMatching(/^Outcome unknown: .*Retry with the same eventId/), details: { eventIds } });
    expect(text).not.toMatch(INTERNALS);
    // The commit was applied: the database has them, once.
    expect([await stored(eventIds[0] ?? ''), await stored(eventIds[1] ?? '')]).toEqual([1, 1]);

    const retry = await call('/api/events', { body: { events: eventIds.map(purchase) } });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ recorded: 0, duplicates: 2 });
    expect([await stored(eventIds[0] ?? ''), await stored(eventIds[1] ?? '')]).toEqual([1, 1]);
  });
});
