import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSampleDatabase, SAMPLE_CSV, type SampleDatabase } from '@reco/data/testing';
import { PermanentJobError, type JobContext } from '@reco/jobs';
import { LocalObjectStore } from '@reco/object-store';
import { DataImport } from '../data-import';
import { removeOrphanedImportFiles, runImportJob, type ImportJobDeps } from './import-job';

const context = (attempt = 1): JobContext => ({ jobId: 'job-1', attempt, signal: new AbortController().signal, report: () => undefined });
const ownTempDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`reco-import-${process.pid}-`));

describe('the import job', () => {
  let sample: SampleDatabase;
  let root: string;
  let store: LocalObjectStore;
  let deps: ImportJobDeps;
  beforeAll(async () => {
    sample = await openSampleDatabase();
    root = mkdtempSync(path.join(tmpdir(), 'reco-import-job-spec-'));
    store = new LocalObjectStore({ root });
    deps = { dataImport: async () => new DataImport({ database: { get: async () => sample.db } }), objectStore: store, attempts: 3 };
  });
  afterAll(async () => {
    await sample.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('imports an uploaded object, then deletes it and its temp copy', async () => {
    await store.put('imports/a/upload.csv.gz', readFileSync(SAMPLE_CSV));
    const result = (await runImportJob(deps, { objectKey: 'imports/a/upload.csv.gz', removeObject: true, runId: 'run-a' }, context())) as Record<string, unknown>;
    expect(result).toMatchObject({ objectKey: 'imports/a/upload.csv.gz', rowsRead: expect.any(Number) });
    expect(result['rowsRead']).toBeGreaterThan(1000);
    expect(await store.head('imports/a/upload.csv.gz')).toBeNull();
    expect(ownTempDirs()).toEqual([]);
  });

  it("leaves an operator's own object where it was", async () => {
    await store.put('exports/shop.csv.gz', readFileSync(SAMPLE_CSV));
    await runImportJob(deps, { objectKey: 'exports/shop.csv.gz', runId: 'run-b' }, context());
    expect(await store.head('exports/shop.csv.gz')).not.toBeNull();
  });

  it('fails for good, without retries, on a missing object or a file that is not an import', async () => {
    await expect(runImportJob(deps, { objectKey: 'imports/none.csv', removeObject: true, runId: 'run-c' }, context())).rejects.toThrow(PermanentJobError);
    await store.put('imports/d/upload.csv', 'hello,world\n1,2\n');
    const failure = runImportJob(deps, { objectKey: 'imports/d/upload.csv', removeObject: true, runId: 'run-d' }, context(1));
    await expect(failure).rejects.toThrow(PermanentJobError);
    await expect(failure).rejects.toThrow(/not an Online Retail CSV/);
    // Every admin reads the message: it names the object, not this server's temp folder.
    await expect(failure).rejects.toThrow(/^imports\/d\/upload\.csv is not an Online Retail CSV/);
    await expect(failure).rejects.not.toThrow(tmpdir());
    // Over for good on its first attempt: the upload goes too.
    expect(await store.head('imports/d/upload.csv')).toBeNull();
    await expect(runImportJob(deps, { objectKey: '' }, context())).rejects.toThrow(/bad import job: objectKey/);
  });

  it('keeps the upload for a retry after a passing failure, and deletes it after the last attempt', async () => {
    const failing: ImportJobDeps = { ...deps, dataImport: async () => ({ run: async () => Promise.reject(new Error('database restarting')) }) };
    await store.put('imports/e/upload.csv.gz', readFileSync(SAMPLE_CSV));
    const job = { objectKey: 'imports/e/upload.csv.gz', removeObject: true, runId: 'run-e' };
    await expect(runImportJob(failing, job, context(1))).rejects.toThrow('database restarting');
    expect(await store.head(job.objectKey)).not.toBeNull();
    await expect(runImportJob(failing, job, context(3))).rejects.toThrow('database restarting');
    expect(await store.head(job.objectKey)).toBeNull();
    expect(ownTempDirs()).toEqual([]);
  });

  it("removes the temp folders of killed processes' imports, not a living one's", async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const orphan = path.join(tmpdir(), `reco-import-${dead}-spec`);
    const mine = path.join(tmpdir(), `reco-import-${process.pid}-spec`);
    mkdirSync(orphan, { recursive: true });
    mkdirSync(mine, { recursive: true });
    try {
      expect(await removeOrphanedImportFiles()).toBeGreaterThanOrEqual(1);
      expect(existsSync(orphan)).toBe(false);
      expect(existsSync(mine)).toBe(true);
    } finally {
      rmSync(orphan, { recursive: true, force: true });
      rmSync(mine, { recursive: true, force: true });
    }
  });
});
