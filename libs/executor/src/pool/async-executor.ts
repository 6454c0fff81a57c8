import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { MessagePort } from 'node:worker_threads';
import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { Piscina } from 'piscina';
import { ExecutorError } from '../task/executor-error';
import { isWithTransfer } from '../task/transfer';
import { deserializeError, type TaskEnvelope, type TaskOutcome } from './task-envelope';
import { isTypeScriptModule, workerBootstrapPath, workerExecArgv, type WorkerLoader } from './worker-loader';

const tracer = trace.getTracer('@reco/executor');

export interface AsyncExecutorOptions {
  /** Worker threads, i.e. how many tasks run at once. Default: available cores (min 1). */
  threads?: number;
  /** Tasks allowed to wait for a free worker; more fail with QUEUE_FULL. Default: unbounded. */
  maxQueue?: number;
  /** Timeout for runs that set none, in ms. Default: none. */
  defaultTimeoutMs?: number;
  /** Heap cap per worker; a worker that exceeds it dies and its task fails with WORKER_CRASHED. */
  maxHeapMb?: number;
  /** Default `auto`: TypeScript support in workers when the bootstrap or a task module is .ts. */
  loader?: WorkerLoader;
  /** Thread name prefix, visible in diagnostics. */
  name?: string;
}

export interface RegisterTaskOptions {
  /** The module's export that holds the task. Default `default`. */
  exportName?: string;
}

/** A registered task; its type parameters make `run` typed. */
export interface TaskRef<P, R> {
  readonly name: string;
  readonly modulePath: string;
  /** Phantom field carrying the types; never set. */
  readonly __types?: { payload: P; result: R };
}

export interface RunOptions {
  /** Aborts a queued task, or a running one by terminating its worker (which is replaced). */
  signal?: AbortSignal;
  /** Fails the task with TIMEOUT after this many ms, queue time included. */
  timeoutMs?: number;
}

export interface ExecutorStats {
  threads: number;
  /** Tasks waiting for a worker. */
  queueSize: number;
  /** Tasks running in a worker now. */
  running: number;
  /** Tasks submitted and not yet settled (queued + running), including ones not yet handed to a worker. */
  inFlight: number;
  /** Share of the pool's lifetime (thread-time) its workers spent running tasks, 0..1. */
  utilization: number;
  completed: number;
  failed: number;
  failedByCode: Partial<Record<ExecutorError['code'], number>>;
  /** Time in the worker and time waiting in the queue, in ms (piscina's histograms). */
  runTimeMs: { p50: number; p99: number; max: number };
  waitTimeMs: { p50: number; p99: number; max: number };
}

interface RegisteredTask {
  name: string;
  modulePath: string;
  exportName: string;
}

/**
 * Runs registered CPU-bound tasks in a pool of worker threads (piscina), so the event loop stays
 * free. The pool starts on the first `run()`. Register every task before that: the loader flags
 * of the workers are chosen from the registered modules.
 */
export class AsyncExecutor {
  private readonly tasks = new Map<string, RegisteredTask>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly failedByCode: Partial<Record<ExecutorError['code'], number>> = {};
  private readonly threads: number;
  private pool: Piscina | undefined;
  private closing: Promise<void> | undefined;
  private completed = 0;
  private failed = 0;
  /** Tasks handed to piscina and not settled: running + queued. */
  private submitted = 0;

  constructor(private readonly options: AsyncExecutorOptions = {}) {
    this.threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  }

  /**
   * Registers a task module by absolute path: `require.resolve('./tasks/x.task')` or
   * `path.join(__dirname, 'tasks', 'x.task' + path.extname(__filename))`. Registering the same
   * name and module again is a no-op, so several services may register a shared task.
   */
  registerTask<P = unknown, R = unknown>(name: string, modulePath: string, options: RegisterTaskOptions = {}): TaskRef<P, R> {
    const exportName = options.exportName ?? 'default';
    if (!path.isAbsolute(modulePath)) throw new Error(`Task "${name}": module path must be absolute, got ${modulePath}`);
    if (!existsSync(modulePath)) throw new Error(`Task "${name}": module ${modulePath} does not exist`);
    const existing = this.tasks.get(name);
    if (existing) {
      if (existing.modulePath !== modulePath || existing.exportName !== exportName) {
        throw new Error(`Task "${name}" is already registered with ${existing.modulePath}#${existing.exportName}`);
      }
      return { name, modulePath };
    }
    if (this.pool && isTypeScriptModule(modulePath) && !this.pool.options.execArgv?.includes('--require')) {
      throw new Error(`Task "${name}": ${modulePath} is TypeScript but the pool already started without the tsx loader; register it before the first run`);
    }
    this.tasks.set(name, { name, modulePath, exportName });
    return { name, modulePath };
  }

  hasTask(name: string): boolean {
    return this.tasks.has(name);
  }

  /** Runs a task in a worker. Rejects with an ExecutorError whose code says why. */
  run<P, R>(task: TaskRef<P, R>, payload: P, options?: RunOptions): Promise<R>;
  run<R = unknown>(task: string, payload: unknown, options?: RunOptions): Promise<R>;
  run(task: string | TaskRef<unknown, unknown>, payload: unknown, options: RunOptions = {}): Promise<unknown> {
    const name = typeof task === 'string' ? task : task.name;
    const promise = this.runTracked(name, payload, options);
    this.inFlight.add(promise);
    const forget = () => this.inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  stats(): ExecutorStats {
    const pool = this.pool;
    const summary = (which: 'runTime' | 'waitTime') => {
      if (!pool) return { p50: 0, p99: 0, max: 0 };
      const h = pool.histogram[which];
      const ms = (v: number) => (Number.isFinite(v) ? Math.round(v * 1000) / 1000 : 0);
      return { p50: ms(h.p50), p99: ms(h.p99), max: ms(h.max) };
    };
    return {
      threads: this.threads,
      queueSize: Math.max(0, this.submitted - this.threads),
      inFlight: this.inFlight.size,
      running: Math.min(this.submitted, this.threads),
      utilization: pool ? this.utilization(pool) : 0,
      completed: this.completed,
      failed: this.failed,
      failedByCode: { ...this.failedByCode },
      runTimeMs: summary('runTime'),
      waitTimeMs: summary('waitTime'),
    };
  }

  // piscina's own `utilization` mixes ms and s (off by 1000x), so it is computed here.
  private utilization(pool: Piscina): number {
    const mean = pool.histogram.runTime.mean;
    const busyMs = Number.isFinite(mean) ? mean * pool.completed : 0;
    return Math.min(1, Math.round((busyMs / Math.max(1, pool.duration * this.threads)) * 1e4) / 1e4);
  }

  /** Starts the workers now instead of on the first run (e.g. at boot, to pay their start-up early). */
  start(): void {
    this.ensurePool();
  }

  /**
   * Stops accepting tasks, lets every task already submitted (queued or running) finish, then
   * stops the workers. `force` aborts the queue and terminates running tasks instead.
   */
  close(options: { force?: boolean } = {}): Promise<void> {
    this.closing ??= (async () => {
      if (options.force) {
        await this.pool?.destroy();
        return;
      }
      await Promise.allSettled([...this.inFlight]);
      await this.pool?.close();
    })();
    return this.closing;
  }

  private ensurePool(): Piscina {
    if (this.pool) return this.pool;
    const modulePaths = [...this.tasks.values()].map((t) => t.modulePath);
    const pool = new Piscina({
      filename: workerBootstrapPath(),
      name: 'default',
      minThreads: this.threads, // keep workers warm: task modules (e.g. a TF.js backend) are costly to load
      maxThreads: this.threads,
      idleTimeout: 60_000,
      execArgv: workerExecArgv(this.options.loader ?? 'auto', modulePaths),
      ...(this.options.maxHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb } } : {}),
    });
    // piscina emits 'error' for worker failures with no task to blame; unhandled it would crash us.
    pool.on('error', () => undefined);
    this.pool = pool;
    return pool;
  }

  private runTracked(name: string, payload: unknown, options: RunOptions): Promise<unknown> {
    // A span per task under the caller's (queue wait and run); none without one (always so without a tracing SDK).
    if (!trace.getActiveSpan()) return this.counted(this.runInPool(name, payload, options));
    return tracer.startActiveSpan(`executor ${name}`, { kind: SpanKind.INTERNAL, attributes: { 'executor.task': name } }, (span) =>
      this.counted(this.runInPool(name, payload, options), span).finally(() => span.end()),
    );
  }

  private async counted(run: Promise<unknown>, span?: Span): Promise<unknown> {
    try {
      const value = await run;
      this.completed++;
      return value;
    } catch (err) {
      this.failed++;
      const code = err instanceof ExecutorError ? err.code : 'TASK_FAILED';
      this.failedByCode[code] = (this.failedByCode[code] ?? 0) + 1;
      span?.setAttribute('executor.error_code', code);
      span?.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
      throw err;
    }
  }

  private async runInPool(name: string, payload: unknown, options: RunOptions): Promise<unknown> {
    if (this.closing) throw new ExecutorError('CLOSED', `Task "${name}": the executor is closed`, { task: name });
    const task = this.tasks.get(name);
    if (!task) {
      const known = [...this.tasks.keys()].join(', ') || 'none';
      throw new ExecutorError('UNKNOWN_TASK', `Task "${name}" is not registered (registered: ${known})`, { task: name });
    }
    // Counted here rather than by piscina: its limit only applies once its own queue is non-empty.
    const { maxQueue } = this.options;
    if (maxQueue !== undefined && this.submitted >= this.threads + maxQueue) {
      throw new ExecutorError('QUEUE_FULL', `Task "${name}" rejected: ${maxQueue} tasks already wait for a worker (maxQueue)`, { task: name });
    }
    const { signal, timeoutMs = this.options.defaultTimeoutMs } = options;
    if (signal?.aborted) throw new ExecutorError('ABORTED', `Task "${name}" was aborted before it started`, { task: name, cause: signal.reason });

    // One controller for piscina, fired by the caller's signal or our timer; `reason` tells which.
    const controller = new AbortController();
    let reason: 'ABORTED' | 'TIMEOUT' | undefined;
    const onAbort = () => {
      reason ??= 'ABORTED';
      controller.abort();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer =
      timeoutMs !== undefined
        ? setTimeout(() => {
            reason ??= 'TIMEOUT';
            controller.abort();
          }, timeoutMs)
        : undefined;

    const started = performance.now();
    const envelope: TaskEnvelope = { task: name, modulePath: task.modulePath, exportName: task.exportName, payload };
    let transferList: readonly (ArrayBuffer | MessagePort)[] | undefined;
    if (isWithTransfer(payload)) {
      envelope.payload = payload.value;
      transferList = payload.transferList;
    }
    this.submitted++;
    try {
      const outcome = (await this.ensurePool().run(envelope, {
        signal: controller.signal,
        ...(transferList ? { transferList: [...transferList] } : {}),
      })) as TaskOutcome;
      if (outcome.ok) return outcome.value;
      const cause = deserializeError(outcome.error);
      const what = outcome.kind === 'BAD_TASK_MODULE' ? 'could not load its module' : 'failed';
      throw new ExecutorError(outcome.kind, `Task "${name}" ${what}: ${cause.message}`, { task: name, cause });
    } catch (err) {
      if (err instanceof ExecutorError) throw err;
      throw this.poolError(name, err, reason, Math.round(performance.now() - started), timeoutMs);
    } finally {
      this.submitted--;
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Names the task and the reason for a rejection that came from piscina, not from the handler. */
  private poolError(name: string, err: unknown, reason: 'ABORTED' | 'TIMEOUT' | undefined, ms: number, timeoutMs?: number): ExecutorError {
    const message = errorMessage(err);
    if (reason === 'TIMEOUT') return new ExecutorError('TIMEOUT', `Task "${name}" timed out after ${timeoutMs} ms`, { task: name, cause: err });
    if (reason === 'ABORTED') return new ExecutorError('ABORTED', `Task "${name}" was aborted after ${ms} ms`, { task: name, cause: err });
    if (/pool is closed|terminating/i.test(message) && this.closing) {
      return new ExecutorError('CLOSED', `Task "${name}": the executor closed before it finished`, { task: name, cause: err });
    }
    return new ExecutorError('WORKER_CRASHED', `Task "${name}" failed: its worker crashed (${message}); the worker is replaced`, { task: name, cause: err });
  }
}

/** The message of an error from any realm (a worker's errors are not instances of our Error). */
function errorMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err) return String(err.message);
  return String(err);
}
