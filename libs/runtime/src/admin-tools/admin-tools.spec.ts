import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ToolRegistry, type ToolProgress, type ToolResult } from '@reco/base-tools';
import { InProcessJobQueue, type JobHandler, type JobQueue, type JobView } from '@reco/jobs';
import { LocalObjectStore } from '@reco/object-store';
import { createAdminTools, IMPORT_DATA, MAX_WAIT_SECONDS, TRAIN_MODEL, type AdminToolDeps } from './admin-tools';

jest.setTimeout(20_000);

const admin = { kind: 'admin', keyId: 'spec' } as const;

interface Followed {
  job: JobView;
  finished: boolean;
}

/** A job that reports `steps` even steps of progress, one every `stepMs`, honouring its signal. */
function steppedJob(steps: number, stepMs: number, seen: unknown[] = []): JobHandler {
  return async (data, { report, signal }) => {
    seen.push(data);
    for (let step = 1; step <= steps; step++) {
      await sleep(stepMs, undefined, { signal });
      report(step / steps, `step ${step} of ${steps}`);
    }
    return { steps };
  };
}

/** The queue, with the reads of job views counted (the tools follow a job by reading it). */
function countingReads(queue: JobQueue): { queue: JobQueue; reads: () => number } {
  let reads = 0;
  const counted = Object.create(queue) as JobQueue;
  counted.get = (id) => {
    reads++;
    return queue.get(id);
  };
  return { queue: counted, reads: () => reads };
}

describe('admin tools: import_data and train_model follow the job they start', () => {
  let dir: string;
  let store: LocalObjectStore;
  let queue: InProcessJobQueue;
  let reads: () => number;
  let registry: ToolRegistry;
  let canTrain: boolean;
  const importsSeen: unknown[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'reco-admin-tools-'));
    store = new LocalObjectStore({ root: dir });
    await store.put('imports/orders.csv', 'InvoiceNo,StockCode\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeEach(async () => {
    canTrain = true;
    queue = new InProcessJobQueue();
    // Steps outlast several polls (20 ms): each state is seen even on a busy machine.
    await queue.consume({ train: steppedJob(5, 100), import: steppedJob(2, 150, importsSeen) });
    const counted = countingReads(queue);
    reads = counted.reads;
    const deps: AdminToolDeps = { jobs: () => counted.queue, objectStore: () => store, canTrain: () => canTrain, pollMs: 20 };
    registry = new ToolRegistry().register(...createAdminTools(deps));
  });
  afterEach(() => queue.close());

  const call = (name: string, input: unknown, extra: { signal?: AbortSignal; onProgress?: (u: ToolProgress) => void } = {}) =>
    registry.invoke<Followed>(name, input, { caller: admin, ...extra });

  async function finishedJob(id: string): Promise<JobView | undefined> {
    for (let i = 0; i < 100; i++) {
      const job = await queue.get(id);
      if (job && ['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
      await sleep(20);
    }
    return queue.get(id);
  }

  it('trains: submits the job, follows it to the end and reports its progress in percent, never going back', async () => {
    const updates: ToolProgress[] = [];
    const result = await call(TRAIN_MODEL, {}, { onProgress: (u) => updates.push(u) });
    expect(result).toMatchObject({ ok: true, data: { finished: true, job: { kind: 'train', status: 'succeeded', progress: 1, result: { steps: 5 } } } });
    const progress = updates.map((u) => u.progress);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(new Set(progress).size).toBeGreaterThanOrEqual(4);
    expect(updates.every((u) => u.total === 100)).toBe(true);
    // Each change is told with the job's own words: queued, its steps, done.
    expect(updates[0]?.message).toBe('queued');
    expect(updates.map((u) => u.message)).toContain('step 3 of 5');
    expect(updates.at(-1)?.message).toBe('done');
  });

  it('imports an object of the store: the job names it and leaves it there', async () => {
    const updates: ToolProgress[] = [];
    const result = await call(IMPORT_DATA, { objectKey: 'imports/orders.csv' }, { onProgress: (u) => updates.push(u) });
    expect(result).toMatchObject({ ok: true, data: { finished: true, job: { kind: 'import', status: 'succeeded' } } });
    expect(importsSeen.at(-1)).toMatchObject({ objectKey: 'imports/orders.csv', removeObject: false });
    // Queued and running are both at 0: each change of the job's message is told too.
    expect(updates.map((u) => u.progress)).toEqual([0, 0, 50, 100]);
    expect(updates.map((u) => u.message)).toEqual(['queued', 'running', 'step 1 of 2', 'done']);
  });

  it('answers NOT_FOUND for an object the store does not hold, and BAD_INPUT for a key no store accepts', async () => {
    const missing = await call(IMPORT_DATA, { objectKey: 'imports/nothing.csv' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('imports/nothing.csv') } });
    const unsafe = await call(IMPORT_DATA, { objectKey: '../etc/passwd' });
    expect(unsafe).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { issues: [{ field: 'objectKey' }] } } });
    expect(await queue.list()).toEqual([]);
  });

  it('returns at once with waitSeconds 0, reporting nothing; the job runs on to the end', async () => {
    const updates: ToolProgress[] = [];
    const result = await call(TRAIN_MODEL, { waitSeconds: 0 }, { onProgress: (u) => updates.push(u) });
    expect(result).toMatchObject({ ok: true, data: { finished: false, job: { kind: 'train', status: 'queued' } } });
    expect(updates).toEqual([]);
    const id = (result as ToolResult<Followed> & { ok: true }).data.job.id;
    expect(await finishedJob(id)).toMatchObject({ status: 'succeeded' });
  });

  it('refuses a second training while one runs: CONFLICT naming the running job', async () => {
    const first = await call(TRAIN_MODEL, { waitSeconds: 0 });
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    const second = await call(TRAIN_MODEL, {});
    expect(second).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining(first.data.job.id), details: { kind: 'train', activeJobId: first.data.job.id } },
    });
    await finishedJob(first.data.job.id);
    expect(await call(TRAIN_MODEL, { waitSeconds: 0 })).toMatchObject({ ok: true });
  });

  it('stops following when the caller goes away: no more reads, and the job runs on', async () => {
    const caller = new AbortController();
    const updates: ToolProgress[] = [];
    setTimeout(() => caller.abort(), 100);
    const result = await call(TRAIN_MODEL, {}, { signal: caller.signal, onProgress: (u) => updates.push(u) });
    expect(result).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    const readsAtAbort = reads();
    await sleep(150);
    expect(reads()).toBe(readsAtAbort);
    const [job] = await queue.list();
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(await finishedJob(job?.id ?? '')).toMatchObject({ status: 'succeeded', progress: 1 });
  });

  it('stops following after waitSeconds: the answer says the job has not finished', async () => {
    await queue.close();
    queue = new InProcessJobQueue();
    await queue.consume({ train: steppedJob(40, 50) });
    const counted = countingReads(queue);
    registry = new ToolRegistry().register(...createAdminTools({ jobs: () => counted.queue, objectStore: () => store, canTrain: () => true, pollMs: 20 }));
    const started = Date.now();
    const result = await call(TRAIN_MODEL, { waitSeconds: 1 });
    expect(Date.now() - started).toBeLessThan(1_800);
    expect(result).toMatchObject({ ok: true, data: { finished: false, job: { status: 'running' } } });
    const id = (result as ToolResult<Followed> & { ok: true }).data.job.id;
    await queue.cancel(id);
  });

  it('says when training is not available on this server, and starts no job', async () => {
    canTrain = false;
    expect(await call(TRAIN_MODEL, {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: 'Training is not available on this server' } });
    expect(await queue.list()).toEqual([]);
  });

  it('is UNAVAILABLE (retry after 5 s) when the queue fails or does not answer', async () => {
    const closed = new InProcessJobQueue();
    await closed.close();
    const hanging = { ...closed, submit: () => new Promise<never>(() => undefined) } as unknown as JobQueue;
    for (const jobs of [closed, hanging]) {
      const tools = new ToolRegistry().register(...createAdminTools({ jobs: () => jobs, objectStore: () => store, canTrain: () => true, queueTimeoutMs: 50 }));
      const result = await tools.invoke(TRAIN_MODEL, {}, { caller: admin });
      expect(result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', details: { retryAfterSeconds: 5 } } });
    }
  });

  it('is for admin keys only, and its timeout covers the longest wait', async () => {
    const service = await registry.invoke(TRAIN_MODEL, {}, { caller: { kind: 'service', keyId: 'shop' } });
    expect(service).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(TRAIN_MODEL, { waitSeconds: MAX_WAIT_SECONDS + 1 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    for (const name of [IMPORT_DATA, TRAIN_MODEL]) {
      expect(registry.get(name)?.timeoutMs).toBeGreaterThan(MAX_WAIT_SECONDS * 1_000);
      expect(registry.get(name)?.annotations).toEqual({ readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false });
    }
    expect(await queue.list()).toEqual([]);
  });
});
