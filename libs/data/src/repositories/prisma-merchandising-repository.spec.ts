import { openDatabase } from '../database/open-database';
import { describeEachBackend, useMigratedDatabase } from '../testing/test-databases';
import { MerchandisingConflictError } from '../types/merchandising';

const t = (text: string) => new Date(text);

describeEachBackend('merchandising repository', (backend) => {
  const database = useMigratedDatabase(backend);

  it('starts at revision 0 with nothing stored', async () => {
    const db = database();
    expect(await db.merchandising.revision()).toBe(0);
    expect(await db.merchandising.list('rule')).toEqual([]);
    expect(await db.merchandising.changes()).toEqual([]);
  });

  it('creates, then replaces an object, keeping who created it and auditing both writes', async () => {
    const db = database();
    const created = await db.merchandising.put('rule', 'rule-a', { name: 'house-brand', factor: 2 }, 'admin-key', { at: t('2026-01-01T10:00:00Z') });
    expect(created).toEqual({
      created: true,
      object: {
        kind: 'rule',
        id: 'rule-a',
        body: { name: 'house-brand', factor: 2 },
        createdAt: t('2026-01-01T10:00:00Z'),
        createdBy: 'admin-key',
        updatedAt: t('2026-01-01T10:00:00Z'),
        updatedBy: 'admin-key',
      },
    });
    const afterCreate = await db.merchandising.revision();
    expect(afterCreate).toBeGreaterThan(0);

    const replaced = await db.merchandising.put('rule', 'rule-a', { name: 'house-brand', factor: 3 }, 'customer:17', { at: t('2026-01-02T10:00:00Z') });
    expect(replaced?.created).toBe(false);
    expect(await db.merchandising.get('rule', 'rule-a')).toEqual({
      kind: 'rule',
      id: 'rule-a',
      body: { name: 'house-brand', factor: 3 },
      createdAt: t('2026-01-01T10:00:00Z'),
      createdBy: 'admin-key',
      updatedAt: t('2026-01-02T10:00:00Z'),
      updatedBy: 'customer:17',
    });
    expect(await db.merchandising.revision()).toBeGreaterThan(afterCreate);

    const changes = await db.merchandising.changes({ objectId: 'rule-a' });
    expect(changes.map(({ action, actor, at, body, kind }) => ({ action, actor, at, body, kind }))).toEqual([
      { action: 'update', actor: 'customer:17', at: t('2026-01-02T10:00:00Z'), body: { name: 'house-brand', factor: 3 }, kind: 'rule' },
      { action: 'create', actor: 'admin-key', at: t('2026-01-01T10:00:00Z'), body: { name: 'house-brand', factor: 2 }, kind: 'rule' },
    ]);
    expect(changes[0]?.seq).toBe(await db.merchandising.revision());
  });

  it('keeps kinds apart: the same id under another kind is another object', async () => {
    const db = database();
    await db.merchandising.put('placement', 'home', { strategy: 'personal', k: 10 }, 'cli');
    await db.merchandising.put('experiment', 'home', { state: 'draft' }, 'cli');
    expect((await db.merchandising.get('placement', 'home'))?.body).toEqual({ strategy: 'personal', k: 10 });
    expect((await db.merchandising.get('experiment', 'home'))?.body).toEqual({ state: 'draft' });
    expect(await db.merchandising.get('rule', 'home')).toBeUndefined();
    expect((await db.merchandising.list('placement')).map((o) => o.id)).toEqual(['home']);
  });

  it('refuses a create of a taken id and records nothing', async () => {
    const db = database();
    await db.merchandising.put('rule', 'rule-taken', { v: 1 }, 'cli', { mustBeNew: true });
    const revision = await db.merchandising.revision();
    await expect(db.merchandising.put('rule', 'rule-taken', { v: 2 }, 'cli', { mustBeNew: true })).rejects.toBeInstanceOf(MerchandisingConflictError);
    expect((await db.merchandising.get('rule', 'rule-taken'))?.body).toEqual({ v: 1 });
    expect(await db.merchandising.revision()).toBe(revision);
  });

  it('lets exactly one of two racing creates of one id win', async () => {
    const db = database();
    // PostgreSQL: a second client, as another instance would race (the test databases have no
    // password, so the shown URL is the URL). SQLite's driver waits for a lock synchronously, so a
    // second client in this process would block the first one's commit: two calls on one client.
    const other = backend.name === 'postgresql' ? await openDatabase({ url: db.url }) : db;
    try {
      const results = await Promise.allSettled([
        db.merchandising.put('experiment', 'exp-race', { by: 'first' }, 'a', { mustBeNew: true }),
        other.merchandising.put('experiment', 'exp-race', { by: 'second' }, 'b', { mustBeNew: true }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(refused).toHaveLength(1);
      expect(refused[0]?.reason).toBeInstanceOf(MerchandisingConflictError);
      expect(await db.merchandising.changes({ kind: 'experiment', objectId: 'exp-race' })).toHaveLength(1);
    } finally {
      if (other !== db) await other.close();
    }
  });

  it('updates only what exists when asked to', async () => {
    const db = database();
    const revision = await db.merchandising.revision();
    expect(await db.merchandising.put('rule', 'rule-missing', { v: 1 }, 'cli', { mustExist: true })).toBeUndefined();
    expect(await db.merchandising.get('rule', 'rule-missing')).toBeUndefined();
    expect(await db.merchandising.revision()).toBe(revision);
    await db.merchandising.put('rule', 'rule-present', { v: 1 }, 'cli');
    expect(await db.merchandising.put('rule', 'rule-present', { v: 2 }, 'cli', { mustExist: true })).toMatchObject({ created: false, object: { body: { v: 2 } } });
  });

  it('removes an object with a delete change, and reports false for one that is not there', async () => {
    const db = database();
    await db.merchandising.put('rule', 'rule-gone', { v: 1 }, 'cli');
    expect(await db.merchandising.remove('rule', 'rule-gone', 'admin-key')).toBe(true);
    expect(await db.merchandising.get('rule', 'rule-gone')).toBeUndefined();
    const [deleted] = await db.merchandising.changes({ kind: 'rule', objectId: 'rule-gone', limit: 1 });
    expect(deleted).toMatchObject({ action: 'delete', actor: 'admin-key', body: null, seq: await db.merchandising.revision() });
    const revision = await db.merchandising.revision();
    expect(await db.merchandising.remove('rule', 'rule-gone', 'admin-key')).toBe(false);
    expect(await db.merchandising.revision()).toBe(revision);
  });

  it('runs a put check inside the transaction: it sees the stored object and the others; a throw writes and audits nothing', async () => {
    const db = database();
    await db.merchandising.put('rule', 'rule-checked', { v: 1 }, 'cli');
    await db.merchandising.put('experiment', 'exp-checking', { state: 'running' }, 'cli');
    const revision = await db.merchandising.revision();
    const seen: unknown[] = [];
    const refused = db.merchandising.put('rule', 'rule-checked', { v: 2 }, 'bob', {
      mustExist: true,
      check: async (existing, read) => {
        seen.push(existing?.body, (await read.list('experiment')).map((e) => [e.id, e.body]));
        throw new Error('refused by the check');
      },
    });
    await expect(refused).rejects.toThrow('refused by the check');
    expect(seen[0]).toEqual({ v: 1 });
    expect(seen[1]).toContainEqual(['exp-checking', { state: 'running' }]);
    expect((await db.merchandising.get('rule', 'rule-checked'))?.body).toEqual({ v: 1 });
    expect(await db.merchandising.revision()).toBe(revision);
    expect(await db.merchandising.changes({ objectId: 'rule-checked' })).toHaveLength(1);
    // A new object: the check sees none; it passes, so the write is made.
    let existed: unknown = 'not called';
    await db.merchandising.put('rule', 'rule-new-checked', { v: 1 }, 'bob', { check: (existing) => void (existed = existing) });
    expect(existed).toBeUndefined();
    expect(await db.merchandising.get('rule', 'rule-new-checked')).toBeDefined();
  });

  it('runs a remove check on the stored object; a throw keeps it and audits nothing; a missing one is not checked', async () => {
    const db = database();
    await db.merchandising.put('experiment', 'exp-kept', { state: 'running' }, 'cli');
    const revision = await db.merchandising.revision();
    const check = (existing: { body: unknown } | undefined) => {
      if ((existing?.body as { state?: string }).state === 'running') throw new Error('still running');
    };
    await expect(db.merchandising.remove('experiment', 'exp-kept', 'bob', { check })).rejects.toThrow('still running');
    expect(await db.merchandising.get('experiment', 'exp-kept')).toBeDefined();
    expect(await db.merchandising.revision()).toBe(revision);
    let called = false;
    expect(await db.merchandising.remove('experiment', 'exp-none', 'bob', { check: () => void (called = true) })).toBe(false);
    expect(called).toBe(false);
    await db.merchandising.put('experiment', 'exp-kept', { state: 'stopped' }, 'cli');
    expect(await db.merchandising.remove('experiment', 'exp-kept', 'bob', { check })).toBe(true);
    expect(await db.merchandising.get('experiment', 'exp-kept')).toBeUndefined();
  });

  it("a check runs after the write lock: a concurrent write's check sees the first write committed", async () => {
    const db = database();
    // As in the race above: a second client on PostgreSQL, one client on SQLite.
    const other = backend.name === 'postgresql' ? await openDatabase({ url: db.url }) : db;
    try {
      await db.merchandising.put('experiment', 'exp-lock', { state: 'draft' }, 'cli');
      let firstChecked!: () => void;
      const firstInside = new Promise<void>((resolve) => (firstChecked = resolve));
      const first = db.merchandising.put('experiment', 'exp-lock', { state: 'running' }, 'a', {
        check: async () => {
          firstChecked();
          // Holds the lock a while: the second write must wait, not read the old state meanwhile.
          await new Promise((resolve) => setTimeout(resolve, 300));
        },
      });
      await firstInside;
      let secondSaw: unknown;
      const second = other.merchandising.put('experiment', 'exp-lock', { state: 'draft', arms: 3 }, 'b', {
        check: (existing) => {
          secondSaw = existing?.body;
          if ((existing?.body as { state?: string }).state !== 'draft') throw new Error('no longer a draft');
        },
      });
      await first;
      await expect(second).rejects.toThrow('no longer a draft');
      expect(secondSaw).toEqual({ state: 'running' });
      expect((await db.merchandising.get('experiment', 'exp-lock'))?.body).toEqual({ state: 'running' });
      expect((await db.merchandising.changes({ objectId: 'exp-lock' })).map((c) => c.actor)).toEqual(['a', 'cli']);
    } finally {
      if (other !== db) await other.close();
    }
  });

  it('lists changes newest first, filtered by kind, within the limit bounds', async () => {
    const db = database();
    for (let i = 0; i < 5; i++) await db.merchandising.put('placement', `limit-${i}`, { i }, 'cli');
    const placements = await db.merchandising.changes({ kind: 'placement', limit: 3 });
    expect(placements.map((c) => c.objectId)).toEqual(['limit-4', 'limit-3', 'limit-2']);
    const all = await db.merchandising.changes({ limit: 5_000 });
    expect(all.map((c) => c.seq)).toEqual([...all.map((c) => c.seq)].sort((a, b) => b - a));
    expect(new Set(all.map((c) => c.kind))).toEqual(new Set(['rule', 'placement', 'experiment']));
    await expect(db.merchandising.changes({ limit: 0 })).rejects.toThrow(/limit/);
  });

  it('caps a page of changes at 1,000 and defaults to 100', async () => {
    const db = database();
    // Written straight into the audit: 1,100 puts would only slow the suite down.
    const at = new Date();
    await db.client.merchandisingChange.createMany({
      data: Array.from({ length: 1_100 }, (_, i) => ({ kind: 'rule', objectId: `bulk-${i}`, action: 'create', actor: 'cli', at, body: '{}' })),
    });
    expect(await db.merchandising.changes()).toHaveLength(100);
    expect(await db.merchandising.changes({ limit: 5_000 })).toHaveLength(1_000);
  });

  it('says which field is wrong', async () => {
    const db = database();
    await expect(db.merchandising.put('segment' as never, 'x', {}, 'cli')).rejects.toThrow(/kind: "segment"/);
    await expect(db.merchandising.put('rule', '', {}, 'cli')).rejects.toThrow(/^id: "" /);
    await expect(db.merchandising.put('rule', 'x'.repeat(129), {}, 'cli')).rejects.toThrow(/^id: .*longer than 128/);
    await expect(db.merchandising.put('rule', 'ok', {}, '')).rejects.toThrow(/^actor:/);
    await expect(db.merchandising.put('rule', 'ok', undefined, 'cli')).rejects.toThrow(/^body:/);
  });
});
