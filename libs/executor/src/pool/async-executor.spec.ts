import path from 'node:path';
import { AsyncExecutor, ExecutorError, withTransfer, type TaskRef } from '../index';
import type { EchoPayload } from '../__fixtures__/tasks/echo.task';
import type { CrashMode } from '../__fixtures__/tasks/failing.task';

// Real worker threads running TypeScript task modules: jest's transform does not reach them,
// so this proves the tsx loader path (setting 1 of 3: jest, tsx, built JS).
const fixture = (file: string) => path.join(__dirname, '..', '__fixtures__', 'tasks', file);

type Echo = { sum: number; task: string; threadId: number; executorEntry: string };

describe('AsyncExecutor', () => {
  let executor: AsyncExecutor;
  let echo: TaskRef<EchoPayload, Echo>;
  let sleep: TaskRef<{ ms: number; id?: number; busy?: boolean }, { id?: number; startedAt: number; endedAt: number }>;

  beforeAll(() => {
    executor = new AsyncExecutor({ threads: 2, maxHeapMb: 64 });
    echo = executor.registerTask('echo', fixture('echo.task.ts'));
    sleep = executor.registerTask('sleep', fixture('sleep.task.ts'));
    executor.registerTask('scale', fixture('echo.task.ts'), { exportName: 'scale' });
    executor.registerTask('fail', fixture('failing.task.ts'));
    executor.registerTask('crash', fixture('failing.task.ts'), { exportName: 'crash' });
    executor.registerTask('double-js', fixture('plain/double.task.js'));
    executor.registerTask('not-a-task', fixture('plain/not-a-task.js'));
  });
  afterAll(() => executor.close());

  it('runs a TypeScript task in a worker thread, with @reco/* resolved to sources', async () => {
    const result = await executor.run(echo, { values: [1, 2, 3.5] });
    expect(result.sum).toBe(6.5);
    expect(result.task).toBe('echo');
    expect(result.threadId).toBeGreaterThan(0);
    expect(result.executorEntry).toBe(path.resolve(__dirname, '..', 'index.ts'));
  });

  it('runs a plain JavaScript task module too', async () => {
    await expect(executor.run('double-js', { value: 21 })).resolves.toMatchObject({ doubled: 42 });
  });

  it('runs as many tasks at once as it has threads', async () => {
    const results = await Promise.all([1, 2, 3, 4].map((id) => executor.run(sleep, { ms: 200, id })));
    expect(results.map((r) => r.id)).toEqual([1, 2, 3, 4]);
    // Workers stamp each task's start and end: at most, and at some point exactly, 2 overlap.
    const overlapAt = (t: number) => results.filter((r) => r.startedAt <= t && t < r.endedAt).length;
    const peak = Math.max(...results.map((r) => overlapAt(r.startedAt)));
    expect(peak).toBe(2);
  });

  it('moves typed arrays both ways without copying', async () => {
    const data = new Float64Array([1, 2, 3]);
    const result = await executor.run<{ data: Float64Array; byteLength: number }>('scale', withTransfer({ data, factor: 2 }, [data]));
    expect(data.byteLength).toBe(0); // detached: it moved to the worker
    expect(Array.from(result.data)).toEqual([2, 4, 6]);
    expect(result.byteLength).toBe(24);
  });

  it('fails a throwing task with TASK_FAILED, keeping the original error as cause', async () => {
    const err = (await executor.run('fail', { message: 'bad input' }).catch((e: unknown) => e)) as ExecutorError;
    expect(err).toBeInstanceOf(ExecutorError);
    expect(err.code).toBe('TASK_FAILED');
    expect(err.task).toBe('fail');
    expect(err.message).toBe('Task "fail" failed: bad input');
    expect(err.cause).toMatchObject({ name: 'RangeError', message: 'bad input', code: 'E_FIXTURE' });
  });

  it('rejects unknown tasks and modules that export no task', async () => {
    await expect(executor.run('nope', {})).rejects.toMatchObject({ code: 'UNKNOWN_TASK', message: expect.stringContaining('echo') });
    await expect(executor.run('not-a-task', {})).rejects.toMatchObject({ code: 'BAD_TASK_MODULE', message: expect.stringContaining('not-a-task.js') });
  });

  it('checks registrations: absolute existing path, no conflicting re-registration', () => {
    expect(() => executor.registerTask('x', 'relative/x.task.ts')).toThrow(/absolute/);
    expect(() => executor.registerTask('x', fixture('missing.task.ts'))).toThrow(/does not exist/);
    expect(() => executor.registerTask('echo', fixture('sleep.task.ts'))).toThrow(/already registered/);
    expect(executor.registerTask('echo', fixture('echo.task.ts')).name).toBe('echo');
  });

  it.each<[CrashMode, RegExp]>([
    ['exit', /worker crashed \(worker exited with code: 3\)/],
    ['uncaught', /worker crashed \(thrown outside the handler\)/],
    ['oom', /worker crashed \(.*memory/i],
  ])('fails a task whose worker dies (%s) with WORKER_CRASHED and keeps serving', async (mode, message) => {
    const err = (await executor.run('crash', { mode }).catch((e: unknown) => e)) as ExecutorError;
    expect(err).toMatchObject({ code: 'WORKER_CRASHED', task: 'crash' });
    expect(err.message).toMatch(/^Task "crash" failed: /);
    expect(err.message).toMatch(message);
    const after = await Promise.all([executor.run(echo, { values: [1] }), executor.run(echo, { values: [2] })]);
    expect(after.map((r) => r.sum)).toEqual([1, 2]);
  }, 20_000);

  it('times out a running task with TIMEOUT and replaces its worker', async () => {
    const started = Date.now();
    const err = (await executor.run(sleep, { ms: 5_000, busy: true }, { timeoutMs: 150 }).catch((e: unknown) => e)) as ExecutorError;
    expect(err).toMatchObject({ code: 'TIMEOUT', message: 'Task "sleep" timed out after 150 ms' });
    expect(Date.now() - started).toBeLessThan(4_000); // the task alone would take 5 s
    await expect(executor.run(echo, { values: [5] })).resolves.toMatchObject({ sum: 5 });
  });

  it('aborts queued and running tasks through their signal', async () => {
    const controller = new AbortController();
    const runs = [1, 2, 3].map((id) => executor.run(sleep, { ms: 2_000, id, busy: true }, { signal: controller.signal }).catch((e: unknown) => e));
    setTimeout(() => controller.abort(), 100);
    const errors = (await Promise.all(runs)) as ExecutorError[];
    expect(errors.map((e) => e.code)).toEqual(['ABORTED', 'ABORTED', 'ABORTED']);
    await expect(executor.run(sleep, { ms: 1 }, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('reports stats for metrics', () => {
    const stats = executor.stats();
    expect(stats).toMatchObject({ threads: 2, queueSize: 0, inFlight: 0, running: 0 });
    expect(stats.completed).toBeGreaterThan(5);
    expect(stats.failedByCode).toMatchObject({ TASK_FAILED: 1, WORKER_CRASHED: 3, TIMEOUT: 1, ABORTED: 4, UNKNOWN_TASK: 1, BAD_TASK_MODULE: 1 });
    expect(stats.failed).toBe(11);
    expect(stats.utilization).toBeGreaterThan(0.01);
    expect(stats.utilization).toBeLessThanOrEqual(1);
    expect(stats.runTimeMs.max).toBeGreaterThan(100);
  });
});

describe('AsyncExecutor limits and shutdown', () => {
  const sleepTask = fixture('sleep.task.ts');

  it('rejects tasks beyond maxQueue with QUEUE_FULL', async () => {
    const executor = new AsyncExecutor({ threads: 1, maxQueue: 1 });
    executor.registerTask('sleep', sleepTask);
    executor.start();
    try {
      const running = executor.run('sleep', { ms: 300, id: 1 });
      await new Promise((r) => setTimeout(r, 100)); // let the first task reach the worker
      const queued = executor.run('sleep', { ms: 1, id: 2 });
      await expect(executor.run('sleep', { ms: 1, id: 3 })).rejects.toMatchObject({ code: 'QUEUE_FULL' });
      await expect(Promise.all([running, queued])).resolves.toMatchObject([{ id: 1, x: true }, { id: 2, x: true }]);
    } finally {
      await executor.close();
    }
  });

  it('drains on close: tasks submitted before close finish, later ones fail with CLOSED', async () => {
    const executor = new AsyncExecutor({ threads: 1 });
    executor.registerTask('sleep', sleepTask);
    const submitted = [1, 2, 3].map((id) => executor.run('sleep', { ms: 150, id }));
    const closed = executor.close();
    await expect(executor.run('sleep', { ms: 1 })).rejects.toMatchObject({ code: 'CLOSED' });
    await expect(Promise.all(submitted)).resolves.toMatchObject([1, 2, 3].map((id) => ({ id, x: true })));
    await closed;
    expect(executor.stats()).toMatchObject({ completed: 3, inFlight: 0 });
  });

  it('defaults to one thread per core', () => {
    expect(new AsyncExecutor().stats().threads).toBeGreaterThanOrEqual(1);
  });
});
