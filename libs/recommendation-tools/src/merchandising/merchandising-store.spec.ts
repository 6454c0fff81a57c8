import { openDatabase, type Database, type DatabaseHandle } from '@reco/data';
import { describeEachBackend, type TestDatabase } from '@reco/data/testing';
import { BUILT_IN_PLACEMENTS } from './built-in-placements';
import { MerchandisingAdmin } from './merchandising-admin';
import { MerchandisingStore } from './merchandising-store';

const handle = (db: Database): DatabaseHandle => ({ get: async () => db });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const boost = (name: string) => ({ name, kind: 'boost', factor: 2, match: { tags: ['red'] } });

describeEachBackend('MerchandisingStore', (backend) => {
  let testDb: TestDatabase;
  // Two connections to one database: two instances of the backend.
  let first: Database;
  let second: Database;
  beforeAll(async () => {
    testDb = await backend.create();
    first = await openDatabase({ url: testDb.url });
    await first.migrate();
    second = await openDatabase({ url: testDb.url });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await testDb?.drop();
  });

  it('before anything is stored: revision 0, no rules or experiments, the built-in placements', async () => {
    const snapshot = await new MerchandisingStore({ database: handle(first) }).current();
    expect(snapshot.revision).toBe(0);
    expect(snapshot.rules).toEqual([]);
    expect(snapshot.experiments).toEqual([]);
    expect([...snapshot.placements.values()]).toEqual([...BUILT_IN_PLACEMENTS].sort((a, b) => a.name.localeCompare(b.name)));
  });

  it("a write here is seen at once and told to the other instances; unchanged, the same copy is kept", async () => {
    let told = 0;
    const store = new MerchandisingStore({ database: handle(first), onChanged: () => told++, pollMs: 60_000 });
    const admin = new MerchandisingAdmin({ database: handle(first), store });
    const before = await store.current();
    expect(await store.current()).toBe(before);
    const rule = await admin.createRule(boost('here'), 'alice');
    expect(told).toBe(1);
    const after = await store.current();
    expect(after.revision).toBeGreaterThan(before.revision);
    expect(after.rules.map((r) => r.id)).toContain(rule.id);
    expect(store.loaded()).toBe(after);
    // A signal without a change compares the revision and keeps the copy; until that check,
    // the copy in hand is not offered to callers that cannot wait (it may be out of date).
    store.invalidate();
    expect(store.loaded()).toBeUndefined();
    expect(await store.current()).toBe(after);
  });

  it('compares the revision at most once per pollMs, however many lists are served', async () => {
    let reads = 0;
    const merchandising = Object.create(first.merchandising, { revision: { value: () => (reads++, first.merchandising.revision()) } }) as Database['merchandising'];
    const counting: Database = { ...first, merchandising };
    const store = new MerchandisingStore({ database: handle(counting), pollMs: 60_000 });
    await Promise.all(Array.from({ length: 50 }, () => store.current()));
    for (let i = 0; i < 50; i++) await store.current();
    expect(reads).toBe(1);
  });

  it("another instance's change is seen within 1 s (revision polled every 100 ms here)", async () => {
    // A 100 ms poll against the 1 s bound leaves room for reads on a loaded CI machine; the
    // 1 s requirement across two backend processes (signal and default poll) is asserted by
    // apps/backend/src/merchandising-instances.spec.ts.
    const here = new MerchandisingStore({ database: handle(first), pollMs: 100 });
    await here.current();
    const there = new MerchandisingAdmin({ database: handle(second), store: new MerchandisingStore({ database: handle(second) }) });
    const rule = await there.createRule(boost('elsewhere'), 'bob');
    const startedAt = Date.now();
    while (!(await here.current()).rules.some((r) => r.id === rule.id)) {
      expect(Date.now() - startedAt).toBeLessThan(1_000);
      await sleep(20);
    }
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });

  it("a signal from another instance (invalidate) makes the next use read its change", async () => {
    const here = new MerchandisingStore({ database: handle(first), pollMs: 60_000 });
    await here.current();
    const there = new MerchandisingAdmin({ database: handle(second), store: new MerchandisingStore({ database: handle(second) }) });
    const rule = await there.createRule(boost('signalled'), 'bob');
    expect((await here.current()).rules.some((r) => r.id === rule.id)).toBe(false);
    here.invalidate();
    expect((await here.current()).rules.some((r) => r.id === rule.id)).toBe(true);
  });

  it('a stored body that no longer parses is skipped with a log; the rest is served', async () => {
    const warnings: { obj: object; msg?: string }[] = [];
    await first.merchandising.put('rule', 'rule-old-shape', { name: 'old', kind: 'teleport', match: {} }, 'migration');
    await first.merchandising.put('placement', 'Bad Name', { strategy: 'popular' }, 'migration');
    await first.merchandising.put('experiment', 'exp-old', { name: 'x', arms: [] }, 'migration');
    const store = new MerchandisingStore({ database: handle(first), logger: { warn: (obj, msg) => warnings.push({ obj, msg }) } });
    const snapshot = await store.current();
    expect(snapshot.rules.map((r) => r.id)).not.toContain('rule-old-shape');
    expect(snapshot.rules.length).toBeGreaterThan(0);
    expect(snapshot.placements.has('Bad Name')).toBe(false);
    expect(snapshot.experiments).toEqual([]);
    expect(warnings.map((w) => w.obj)).toEqual([
      expect.objectContaining({ kind: 'rule', id: 'rule-old-shape' }),
      expect.objectContaining({ kind: 'placement', id: 'Bad Name' }),
      expect.objectContaining({ kind: 'experiment', id: 'exp-old' }),
    ]);
    expect(warnings[0].msg).toMatch(/does not parse; skipped/);
    for (const [kind, id] of [['rule', 'rule-old-shape'], ['placement', 'Bad Name'], ['experiment', 'exp-old']] as const) await first.merchandising.remove(kind, id, 'test');
  });

  it('serves the last copy when a later read fails, and reads again once the database answers', async () => {
    let down = false;
    const warnings: string[] = [];
    const flaky: DatabaseHandle = { get: async () => (down ? Promise.reject(new Error('database down')) : first) };
    const store = new MerchandisingStore({ database: flaky, pollMs: 0, logger: { warn: (_obj, msg) => warnings.push(msg ?? '') } });
    const known = await store.current();
    down = true;
    expect(await store.current()).toBe(known);
    expect(warnings).toEqual(['reading merchandising failed; serving the last copy']);
    down = false;
    const admin = new MerchandisingAdmin({ database: handle(first), store: new MerchandisingStore({ database: handle(first) }) });
    const rule = await admin.createRule(boost('after-outage'), 'carol');
    expect((await store.current()).rules.some((r) => r.id === rule.id)).toBe(true);
  });

  it('the first read failing is the caller’s error', async () => {
    const store = new MerchandisingStore({ database: { get: () => Promise.reject(new Error('database down')) } });
    await expect(store.current()).rejects.toThrow('database down');
    expect(store.loaded()).toBeUndefined();
  });
});
