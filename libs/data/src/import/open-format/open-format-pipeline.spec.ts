import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeEachBackend, useMigratedDatabase } from '../../testing/test-databases';
import type { EventInput } from '../../types/event';
import { ImportFileError } from '../import-file';
import { OpenFormatImporter } from './open-format-importer';

const fixture = (name: string) => path.join(__dirname, '__fixtures__', name);

// How the importer moves a file: read in a worker thread, written batch by batch while the
// next is read, with SQLite set for bulk writing meanwhile.
describeEachBackend('OpenFormatImporter pipeline', (backend) => {
  const db = useMigratedDatabase(backend);
  let dir: string;

  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'reco-open-pipeline-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const eventsFile = (name: string, count: number) => {
    const file = path.join(dir, `${name}.csv`);
    const lines = Array.from({ length: count }, (_, i) => `${name}-${i},C-${i % 7},,SKU-${i % 5},view,,,2024-03-01T10:${String(i % 60).padStart(2, '0')}:00Z`);
    writeFileSync(file, ['event_id,customer_id,session_id,product_id,type,quantity,price,occurred_at', ...lines].join('\n'));
    return file;
  };

  it('reads a file in a worker thread with the same outcome, line numbers and reasons', async () => {
    const customers = await new OpenFormatImporter(db()).import('customers', fixture('customers.jsonl'), { readInWorker: true });
    expect(customers).toMatchObject({ format: 'jsonl', rowsRead: 6, accepted: 3, inserted: 3 });
    expect(customers.rejected.first.map((r) => r.line)).toEqual([4, 5, 6]);
    const summary = await new OpenFormatImporter(db()).import('events', fixture('events.csv'), { readInWorker: true, batchSize: 3 });
    expect(summary).toMatchObject({ rowsRead: 10, accepted: 8, inserted: 6, duplicates: 1 });
    expect(summary.conflicts.first.map((c) => c.line)).toEqual([8]);
    expect(summary.rejected.first.map((r) => [r.line, r.reason])).toEqual([
      [9, 'customer_id: names neither a customer nor a session (an event needs one or both)'],
      [10, 'type: must be one of view, cart, purchase, return, click'],
    ]);
  });

  it('reports what is wrong with the file itself from the worker as from the importer', async () => {
    const importer = new OpenFormatImporter(db());
    const inline = await importer.import('products', fixture('wrong-header.csv'), { readInWorker: false }).catch((err: unknown) => err);
    const inWorker = await importer.import('products', fixture('wrong-header.csv'), { readInWorker: true }).catch((err: unknown) => err);
    expect(inWorker).toBeInstanceOf(ImportFileError);
    expect((inWorker as Error).message).toBe((inline as Error).message);
    const broken = path.join(dir, 'broken.csv.gz');
    writeFileSync(broken, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]));
    await expect(importer.import('events', broken, { readInWorker: true })).rejects.toThrow(ImportFileError);
  });

  it('writes batches in file order; a failed batch stops the import with the batches before it stored', async () => {
    const file = eventsFile('f', 50);
    let calls = 0;
    const failing = {
      ...db(),
      events: {
        recordMany: async (events: readonly EventInput[]) => {
          calls++;
          if (calls === 3) throw new Error('disk full');
          return db().events.recordMany(events);
        },
      },
    };
    await expect(new OpenFormatImporter(failing).import('events', file, { batchSize: 10, readInWorker: true })).rejects.toThrow('disk full');
    expect(calls).toBe(3);
    const stored = await db().client.event.findMany({ where: { eventId: { startsWith: 'f-' } }, select: { eventId: true } });
    expect(stored.map((e) => Number(e.eventId.slice(2))).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // Run again, the import completes what the failed run left.
    expect(await new OpenFormatImporter(db()).import('events', file, { batchSize: 10 })).toMatchObject({ inserted: 30, duplicates: 20 });
  });

  if (backend.name === 'sqlite') {
    it("sets SQLite's checkpoints and page cache back after an import, failed or not, and leaves no large WAL behind", async () => {
      const dbFile = db().url.replace(/^file:/, '');
      const pragma = async (name: string) => Number((await db().client.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`))[0]?.[name]);
      const autocheckpoint = () => pragma('wal_autocheckpoint');
      const before = await autocheckpoint();
      const cacheBefore = await pragma('cache_size');
      let during = 0;
      let cacheDuring = 0;
      const watched = {
        ...db(),
        events: {
          recordMany: async (events: readonly EventInput[]) => {
            during = await autocheckpoint();
            cacheDuring = await pragma('cache_size');
            return db().events.recordMany(events);
          },
        },
      };
      await new OpenFormatImporter(watched).import('events', eventsFile('w', 3000), { batchSize: 500 });
      expect(during).toBeGreaterThan(before * 100);
      // Negative sizes are KiB: the import's cache is larger than the connection's own.
      expect(cacheDuring).toBeLessThan(cacheBefore * 10);
      expect(await autocheckpoint()).toBe(before);
      expect(await pragma('cache_size')).toBe(cacheBefore);
      expect(existsSync(`${dbFile}-wal`) ? statSync(`${dbFile}-wal`).size : 0).toBe(0);
      const failing = { ...db(), events: { recordMany: async () => Promise.reject(new Error('disk full')) } };
      await expect(new OpenFormatImporter(failing).import('events', eventsFile('x', 10))).rejects.toThrow('disk full');
      expect(await autocheckpoint()).toBe(before);
      expect(await pragma('cache_size')).toBe(cacheBefore);
    });
  }
});
