import { z } from 'zod';
import type { DatabaseHandle } from '@reco/data';
import { FINISHED_STATUSES, PermanentJobError, type JobContext, type JobQueue, type JobView } from '@reco/jobs';
import type { ModelRegistry, RecommendationService } from '@reco/recommendation-tools';

export const PRECOMPUTE_CHUNK_KIND = 'precompute-chunk';

const CHECKED_PER_POLL = 32;

const ChunkData = z.object({ customerIds: z.array(z.string()).min(1), modelVersion: z.string().min(1) });

export interface PrecomputeJobDeps {
  database: DatabaseHandle;
  registry: ModelRegistry;
  service: RecommendationService;
  queue: JobQueue;
  chunkSize: number;
  /** How often the coordinating job reads its chunks' states. */
  pollMs?: number;
}

/**
 * The coordinating job: splits every customer into chunks, queues one job per chunk (any worker
 * takes them, so the work spreads over every worker), and waits for all of them. A chunk that
 * fails for good fails the whole run; cancelling it cancels the chunks still to run.
 */
export async function runPrecomputeJob(deps: PrecomputeJobDeps, _data: unknown, context: JobContext): Promise<unknown> {
  const started = performance.now();
  await deps.registry.refresh();
  const model = deps.registry.loaded();
  if (!model) throw new PermanentJobError('no trained model to precompute from: train one first');
  const db = await deps.database.get();
  const chunks: JobView[] = [];
  let customers = 0;
  for (let afterId: string | undefined; ; ) {
    context.signal.throwIfAborted();
    const page = await db.customers.list({ afterId, limit: deps.chunkSize });
    if (page.length === 0) break;
    const customerIds = page.map((c) => c.id);
    chunks.push(await deps.queue.submit(PRECOMPUTE_CHUNK_KIND, { customerIds, modelVersion: model.version }));
    customers += customerIds.length;
    afterId = customerIds[customerIds.length - 1];
  }
  context.report(0, `${chunks.length} chunks of ${customers} customers queued`);
  try {
    await waitForChunks(deps, chunks, context);
  } catch (err) {
    await Promise.allSettled(chunks.map((c) => deps.queue.cancel(c.id)));
    throw err;
  }
  const seconds = (performance.now() - started) / 1000;
  return { modelVersion: model.version, customers, chunks: chunks.length, seconds, customersPerSecond: customers / Math.max(seconds, 1e-6) };
}

async function waitForChunks(deps: PrecomputeJobDeps, chunks: readonly JobView[], context: JobContext): Promise<void> {
  let pending = chunks.map((c) => c.id);
  while (pending.length > 0) {
    await new Promise((resolve) => setTimeout(resolve, deps.pollMs ?? 100));
    context.signal.throwIfAborted();
    // Chunks finish roughly in queue order: reading the oldest few each turn keeps the reads
    // bounded (a run of 100,000 customers has hundreds of chunks).
    const checked = pending.slice(0, CHECKED_PER_POLL);
    const views = await Promise.all(checked.map((id) => deps.queue.get(id)));
    const done = new Set<string>();
    views.forEach((view, i) => {
      const id = checked[i] as string;
      if (!view) throw new Error(`precompute chunk ${id} vanished from the queue`);
      if (view.status === 'failed' || view.status === 'cancelled') throw new Error(`precompute chunk ${id} ${view.status}: ${view.message}`);
      if (FINISHED_STATUSES.includes(view.status)) done.add(id);
    });
    pending = pending.filter((id) => !done.has(id));
    context.report((chunks.length - pending.length) / chunks.length, `${chunks.length - pending.length} of ${chunks.length} chunks done`);
  }
}

/** One chunk: the lists of its customers, from the model version the run started with. */
export async function runPrecomputeChunk(deps: Pick<PrecomputeJobDeps, 'registry' | 'service'>, raw: unknown, context: JobContext): Promise<unknown> {
  const parsed = ChunkData.safeParse(raw);
  if (!parsed.success) throw new PermanentJobError(`bad precompute chunk: ${parsed.error.message}`);
  const { customerIds, modelVersion } = parsed.data;
  if (deps.registry.loaded()?.version !== modelVersion) await deps.registry.refresh();
  const loaded = deps.registry.loaded()?.version;
  // A newer model was activated meanwhile: these lists would be stale on arrival.
  if (loaded !== modelVersion) throw new PermanentJobError(`model ${modelVersion} is no longer the active one (now ${loaded ?? 'none'})`);
  return deps.service.precompute(customerIds, { signal: context.signal, onProgress: (done, total) => context.report(done / total, `${done} of ${total} customers`) });
}
