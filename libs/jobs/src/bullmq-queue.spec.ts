import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { deleteKeysUnder, describeWithRedis, rawClient, REDIS_URL, uniquePrefix } from '@reco/async-cache/testing';
import { jobQueueContract } from './__fixtures__/job-queue-contract';
import { scheduleContract } from './__fixtures__/schedule-contract';
import { BullJobQueue } from './bullmq-queue';

jest.setTimeout(30_000);

describeWithRedis('BullJobQueue on Redis', () => {
  const prefixes: string[] = [];
  const fresh = () => {
    const prefix = uniquePrefix().slice(0, -1);
    prefixes.push(prefix);
    return prefix;
  };
  afterAll(async () => {
    const redis = rawClient();
    for (const prefix of prefixes) await deleteKeysUnder(redis, prefix);
    redis.disconnect();
  });

  jobQueueContract('bullmq', () => {
    const prefix = fresh();
    // A new instance per call: producer and consumer share only Redis, as a backend and a worker do.
    return { make: (setup) => new BullJobQueue({ redisUrl: REDIS_URL, prefix, lockMs: 2_000, ...setup }), cleanup: async () => undefined };
  });

  scheduleContract('bullmq', () => {
    const prefix = fresh();
    return { make: (setup) => new BullJobQueue({ redisUrl: REDIS_URL, prefix, lockMs: 2_000, ...setup }), cleanup: async () => undefined };
  });

  it('hands the job of a consumer killed mid-run to another consumer, which completes it', async () => {
    const prefix = fresh();
    const producer = new BullJobQueue({ redisUrl: REDIS_URL, prefix });
    const first = startConsumer(prefix);
    let second: ChildProcess | undefined;
    try {
      await first.ready;
      const job = await producer.submit('slow', { id: 'j1', ms: 60_000, retryMs: 50 });
      await first.line('started j1 1');
      first.child.kill('SIGKILL');
      const other = startConsumer(prefix);
      second = other.child;
      await other.ready;
      // Its lock not renewed, the job is found stalled and taken again (lock 1 s here; 30 s by default).
      await other.line('started j1 2');
      let view = await producer.get(job.id);
      for (let i = 0; i < 400 && view?.status !== 'succeeded' && view?.status !== 'failed'; i++) view = await new Promise((r) => setTimeout(r, 25)).then(() => producer.get(job.id));
      expect(view).toMatchObject({ status: 'succeeded', attempts: 2, result: { by: second.pid, attempt: 2 } });
    } finally {
      first.child.kill('SIGKILL');
      second?.kill('SIGKILL');
      await producer.close();
    }
  });
});

function startConsumer(prefix: string) {
  const repoRoot = path.resolve(__dirname, '../../..');
  // node itself with tsx as a loader (not the tsx binary, whose child would outlive a SIGKILL).
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@reco/source', path.join(__dirname, '__fixtures__/consumer-process.ts')], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', REDIS_URL, JOBS_PREFIX: prefix, JOBS_LOCK_MS: '1000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: { text: string; resolve: (line: string) => void }[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    for (const w of [...waiters]) {
      if (!output.includes(w.text)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(w.text);
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const line = (text: string, timeoutMs = 20_000) =>
    new Promise<string>((resolve, reject) => {
      if (output.includes(text)) return resolve(text);
      const timer = setTimeout(() => reject(new Error(`no "${text}" within ${timeoutMs} ms; output:\n${output}`)), timeoutMs);
      waiters.push({ text, resolve: (l) => (clearTimeout(timer), resolve(l)) });
    });
  return { child, ready: line('consuming'), line };
}
