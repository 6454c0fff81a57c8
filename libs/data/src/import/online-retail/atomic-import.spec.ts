import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { resolveDatabaseUrl } from '../../database/database-url';
import { openDatabase, openImportConnection, type Database } from '../../database/open-database';
import { describeEachBackend, MALFORMED_CSV, useMigratedDatabase, type Backend, type TestDatabase } from '../../testing/test-databases';
import { ImportFileError } from '../import-file';
import { GENERATED, writeGeneratedCsv } from './__fixtures__/generated-online-retail';
import { pausedConnection } from './__fixtures__/paused-connection';
import type { ImportSummary } from './import-summary';
import { DEAD_ATTEMPT_AFTER_MS, ImportAttemptRemovedError } from './import-staging';
import { OnlineRetailImporter } from './online-retail-importer';

const REPO_ROOT = path.resolve(__dirname, '../../../../..');
const IMPORT_PROCESS = path.join(__dirname, '__fixtures__', 'import-process.ts');
const BATCH_ROWS = 250;

/** What readers see, in one statement (one snapshot): the counts, and the aggregates' effect. */
async function visibleCounts(db: Database): Promise<Record<string, number>> {
  const [row] = await db.client.$queryRawUnsafe<Record<string, unknown>[]>(`
    SELECT (SELECT COUNT(*) FROM orders) AS orders, (SELECT COUNT(*) FROM order_lines) AS lines,
           (SELECT COUNT(*) FROM products) AS products, (SELECT COUNT(*) FROM products WHERE available) AS available,
           (SELECT COUNT(*) FROM customers) AS customers, (SELECT COUNT(*) FROM customers WHERE last_seen_at > first_seen_at) AS returning_customers`);
  return Object.fromEntries(Object.entries(row ?? {}).map(([key, value]) => [key, Number(value)]));
}

function checksum(rows: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

/** Every row readers can see, as checksums (products without `updatedAt`, which is the publish time). */
async function visibleState(db: Database) {
  const lines = await db.client.orderLine.findMany({ orderBy: [{ invoiceNo: 'asc' }, { lineNo: 'asc' }] });
  const orders = await db.client.order.findMany({ orderBy: { invoiceNo: 'asc' } });
  const products = await db.client.product.findMany({ orderBy: { id: 'asc' }, omit: { updatedAt: true } });
  const customers = await db.client.customer.findMany({ orderBy: { id: 'asc' } });
  return { counts: await visibleCounts(db), lines: checksum(lines), orders: checksum(orders), products: checksum(products), customers: checksum(customers) };
}

async function staged(db: Database): Promise<{ attempts: number; lines: number; orders: number; products: number; customers: number }> {
  const [row] = await db.client.$queryRawUnsafe<Record<string, unknown>[]>(`
    SELECT (SELECT COUNT(*) FROM import_attempts) AS attempts, (SELECT COUNT(*) FROM staged_order_lines) AS lines,
           (SELECT COUNT(*) FROM staged_orders) AS orders, (SELECT COUNT(*) FROM staged_products) AS products,
           (SELECT COUNT(*) FROM staged_customers) AS customers`);
  return { attempts: Number(row?.['attempts']), lines: Number(row?.['lines']), orders: Number(row?.['orders']), products: Number(row?.['products']), customers: Number(row?.['customers']) };
}

const NOTHING_STAGED = { attempts: 0, lines: 0, orders: 0, products: 0, customers: 0 };

/** The import worker process; resolves `waitFor(text)` once its output holds `text`. */
function startImportProcess(url: string, file: string, runId: string, stopAt: 'progress' | 'publish' | 'never') {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@reco/source', IMPORT_PROCESS, url, file, runId, String(BATCH_ROWS), stopAt], {
    cwd: REPO_ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = async (text: string, timeoutMs = 60_000): Promise<void> => {
    const until = Date.now() + timeoutMs;
    while (!output.includes(text)) {
      if (child.exitCode !== null || Date.now() > until) throw new Error(`no "${text}" from the import process (exit ${child.exitCode}); output:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const kill = async () => {
    child.kill('SIGKILL');
    return exited;
  };
  return { waitFor, kill, output: () => output };
}

describeEachBackend('Online Retail import, atomic to readers', (backend: Backend) => {
  let dir = '';
  let generated = '';
  let generatedRows = 0;
  // Registered before useMigratedDatabase's, so it runs first.
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'reco-atomic-import-'));
    generated = path.join(dir, 'generated.csv');
    generatedRows = writeGeneratedCsv(generated, 1_100);
  });
  let cleanImport: ImportSummary | undefined;
  // The reference: malformed.csv, then the generated file, each imported once without trouble.
  const reference = useMigratedDatabase(backend, async (db) => {
    await db.importer.import(MALFORMED_CSV);
    cleanImport = await db.importer.import(generated, { batchRows: BATCH_ROWS });
  });
  const opened: { testDb: TestDatabase; db: Database }[] = [];

  /** A fresh database holding malformed.csv: the state before the generated file. */
  async function databaseBefore(): Promise<{ db: Database; url: string }> {
    const testDb = await backend.create();
    const db = await openDatabase({ url: testDb.url });
    opened.push({ testDb, db });
    await db.migrate();
    await db.importer.import(MALFORMED_CSV);
    return { db, url: testDb.url };
  }

  afterAll(async () => {
    for (const { testDb, db } of opened) {
      await db.close();
      await testDb.drop();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates a file of a few thousand rows, which a clean import takes whole', async () => {
    expect(generatedRows).toBeGreaterThan(5_000);
    expect(cleanImport?.rejected.total).toBe(0);
    expect(cleanImport?.inserted.orderLines).toBe(generatedRows);
    expect(await staged(reference())).toEqual(NOTHING_STAGED);
  });

  it('a worker killed while staging leaves nothing visible; the retry of its run imports the file exactly once', async () => {
    const { db, url } = await databaseBefore();
    const before = await visibleState(db);
    const worker = startImportProcess(url, generated, 'job-1', 'progress');
    await worker.waitFor('progress ');
    expect(await worker.kill()).toBeNull();

    expect(await visibleState(db)).toEqual(before);
    expect(await db.orders.findByInvoiceNos([String(GENERATED.firstInvoice)])).toEqual([]);
    expect(await db.products.findById(GENERATED.productCodes[0] as string)).toBeNull();
    const left = await staged(db);
    expect(left.attempts).toBe(1);
    expect(left.lines).toBeGreaterThan(0);
    expect(left.lines).toBeLessThan(generatedRows);

    const retry = await db.importer.import(generated, { runId: 'job-1', batchRows: BATCH_ROWS });
    expect(retry.runId).toBe('job-1');
    expect(retry.inserted).toEqual(cleanImport?.inserted);
    expect(retry.database).toEqual(cleanImport?.database);
    expect(await visibleState(db)).toEqual(await visibleState(reference()));
    expect(await staged(db)).toEqual(NOTHING_STAGED);
  }, 120_000);

  it('a worker killed inside the publish transaction leaves nothing visible; a new run completes the file, and a later import deletes the dead attempt', async () => {
    const { db, url } = await databaseBefore();
    const before = await visibleState(db);
    const worker = startImportProcess(url, generated, 'job-2', 'publish');
    await worker.waitFor('publishing');
    expect(await worker.kill()).toBeNull();

    expect(await visibleState(db)).toEqual(before);
    expect((await staged(db)).lines).toBe(generatedRows);

    const other = await db.importer.import(generated, { runId: 'job-2-other', batchRows: BATCH_ROWS });
    expect(other.inserted).toEqual(cleanImport?.inserted);
    expect(await visibleState(db)).toEqual(await visibleState(reference()));
    // The killed attempt's heartbeat is recent: its worker might still be alive, so its rows stay...
    expect((await staged(db)).lines).toBe(generatedRows);
    // ...until the heartbeat is old, when any import deletes them.
    const connection = openImportConnection(resolveDatabaseUrl(url));
    await connection.run('UPDATE import_attempts SET heartbeat_at = $1', [new Date(Date.now() - DEAD_ATTEMPT_AFTER_MS - 60_000)]);
    await connection.close();
    const later = await db.importer.import(MALFORMED_CSV);
    expect(later.inserted).toEqual({ orders: 0, orderLines: 0, customers: 0, products: 0 });
    expect(await staged(db)).toEqual(NOTHING_STAGED);
    expect(await visibleState(db)).toEqual(await visibleState(reference()));
  }, 120_000);

  it('readers polling during an import see the state before it or after it, never between, also during the publish', async () => {
    const { db, url } = await databaseBefore();
    const otherReader = await openDatabase({ url });
    const before = await visibleCounts(db);
    const seen: { phase: 'staging' | 'publishing' | 'other'; counts: Record<string, number> }[] = [];
    let phase: 'staging' | 'publishing' | 'other' = 'other';
    const poll = async () => {
      for (const reader of [db, otherReader]) seen.push({ phase, counts: await visibleCounts(reader) });
    };
    const importer = new OnlineRetailImporter(db.client, () =>
      pausedConnection(openImportConnection(resolveDatabaseUrl(url)), {
        // Inside the publish transaction, with every row in the real tables but not committed.
        beforeRun: async (sql) => {
          if (!sql.includes('CREATE TEMP TABLE')) return;
          phase = 'publishing';
          for (let i = 0; i < 3; i++) await poll();
          phase = 'other';
        },
      }),
    );
    let done = false;
    const importing = importer
      .import(generated, { batchRows: 100, onProgress: () => void (phase = phase === 'other' ? 'staging' : phase) })
      .finally(() => (done = true));
    try {
      // A pause between polls: Prisma's SQLite queries can resolve without ever yielding to I/O.
      while (!done) {
        await poll();
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await importing;
    } finally {
      await otherReader.close();
    }
    const after = await visibleCounts(db);
    expect(after).toEqual((await visibleState(reference())).counts);
    expect(after).not.toEqual(before);
    for (const { counts } of seen) expect([before, after]).toContainEqual(counts);
    // Readers did look while rows were being staged and while they were being published.
    expect(seen.filter((s) => s.phase === 'staging').length).toBeGreaterThan(2);
    const duringPublish = seen.filter((s) => s.phase === 'publishing');
    expect(duringPublish.length).toBeGreaterThanOrEqual(6);
    for (const { counts } of duringPublish) expect(counts).toEqual(before);
  }, 120_000);

  it('an import that fails half-way leaves nothing visible and nothing staged', async () => {
    const { db } = await databaseBefore();
    const before = await visibleState(db);
    const gzipped = gzipSync(readFileSync(generated));
    const broken = path.join(dir, 'broken.csv.gz');
    writeFileSync(broken, gzipped.subarray(0, Math.floor(gzipped.length * 0.7)));
    await expect(db.importer.import(broken, { batchRows: BATCH_ROWS })).rejects.toThrow(ImportFileError);
    expect(await visibleState(db)).toEqual(before);
    expect(await staged(db)).toEqual(NOTHING_STAGED);
  });

  it('an import stopped by its signal leaves nothing visible and nothing staged', async () => {
    const { db } = await databaseBefore();
    const before = await visibleState(db);
    const controller = new AbortController();
    const stopped = db.importer.import(generated, { batchRows: BATCH_ROWS, signal: controller.signal, onProgress: () => controller.abort(new Error('cancelled by the test')) });
    await expect(stopped).rejects.toThrow('cancelled by the test');
    expect(await visibleState(db)).toEqual(before);
    expect(await staged(db)).toEqual(NOTHING_STAGED);
  });

  it('an attempt replaced by a retry of its run fails without publishing anything; the retry publishes the file once', async () => {
    const { db, url } = await databaseBefore();
    let transactions = 0;
    let resume: () => void = () => undefined;
    const resumed = new Promise<void>((resolve) => (resume = resolve));
    let paused: () => void = () => undefined;
    const pausing = new Promise<void>((resolve) => (paused = resolve));
    // The first attempt stops between two staged batches (holding no lock) until told to go on.
    const stalled = new OnlineRetailImporter(db.client, () =>
      pausedConnection(openImportConnection(resolveDatabaseUrl(url)), {
        beforeTransaction: async () => {
          if (++transactions !== 4) return;
          paused();
          await resumed;
        },
      }),
    );
    const first = stalled.import(generated, { runId: 'job-3', batchRows: BATCH_ROWS });
    first.catch(() => undefined);
    await pausing;
    const retry = await db.importer.import(generated, { runId: 'job-3', batchRows: BATCH_ROWS });
    expect(retry.inserted).toEqual(cleanImport?.inserted);
    resume();
    await expect(first).rejects.toThrow(ImportAttemptRemovedError);
    expect(await visibleState(db)).toEqual(await visibleState(reference()));
    expect(await staged(db)).toEqual(NOTHING_STAGED);
  });

  it('refuses a run id it could not show in a message', async () => {
    await expect(reference().importer.import(generated, { runId: '' })).rejects.toThrow(/runId must be 1-200 characters/);
    await expect(reference().importer.import(generated, { runId: 'job\n1' })).rejects.toThrow(/runId must be 1-200 characters/);
  });
});
