import type { DatabaseHandle } from '@reco/data';
import { openSampleDatabase, SAMPLE_CSV, type SampleDatabase } from '@reco/data/testing';
import { DataImport } from './data-import';
import type { AfterImportHook } from './tokens';

describe('DataImport on the shipped sample', () => {
  let sample: SampleDatabase;
  let database: DatabaseHandle;
  const ran: string[] = [];
  const hooks: AfterImportHook[] = [
    { name: 'segments', run: async () => void ran.push('segments') },
    { name: 'search', run: async () => Promise.reject(new Error('index offline')) },
    { name: 'caches', run: async () => (ran.push('caches'), { dropped: 3 }) },
  ];
  beforeAll(async () => {
    sample = await openSampleDatabase();
    database = { get: async () => sample.db };
  });
  afterAll(() => sample.close());
  beforeEach(() => (ran.length = 0));

  it('imports (idempotently), then runs every hook in order, reporting a failing one without throwing', async () => {
    const progress: number[] = [];
    const result = await new DataImport({ database, afterImportHooks: () => hooks }).run(SAMPLE_CSV, { onProgress: (p) => progress.push(p.rowsRead) });
    expect(result.rowsRead).toBeGreaterThan(1000);
    expect(result.inserted.orders).toBe(0);
    expect(progress.length).toBeGreaterThan(0);
    expect(ran).toEqual(['segments', 'caches']);
    expect(result.afterImport).toEqual([
      { hook: 'segments', ok: true, ms: expect.any(Number) },
      { hook: 'search', ok: false, ms: expect.any(Number), error: 'index offline' },
      { hook: 'caches', ok: true, ms: expect.any(Number), result: { dropped: 3 } },
    ]);
  });

  it('leaves the hooks out when asked not to refresh', async () => {
    const result = await new DataImport({ database, afterImportHooks: () => hooks }).run(SAMPLE_CSV, { refresh: false });
    expect(result.afterImport).toEqual([]);
    expect(ran).toEqual([]);
  });
});
