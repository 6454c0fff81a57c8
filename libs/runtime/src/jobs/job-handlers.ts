import type { DependencyContainer } from 'tsyringe';
import { DATA_TOKENS, type DatabaseHandle } from '@reco/data';
import type { JobHandler } from '@reco/jobs';
import { RECOMMENDATION_TOKENS } from '@reco/recommendation-tools';
import { SEARCH_TOKENS } from '@reco/search-tools';
import { USER_TOKENS } from '@reco/user-tools';
import type { AppConfig } from '../config';
import { dataImportOf } from '../data-import';
import { RUNTIME_TOKENS } from '../tokens';
import { runImportJob } from './import-job';
import { jobAttempts } from './job-queue-setup';
import { PRECOMPUTE_CHUNK_KIND, runPrecomputeChunk, runPrecomputeJob } from './precompute-job';

/** The kinds an admin may start by name (imports take a file: their own route). */
export const STARTABLE_JOB_KINDS = ['train', 'segment', 'reindex', 'precompute'] as const;
export type StartableJobKind = (typeof STARTABLE_JOB_KINDS)[number];

/** Every kind a consumer runs. */
export const JOB_KINDS = ['import', ...STARTABLE_JOB_KINDS, PRECOMPUTE_CHUNK_KIND] as const;

/** What each job kind does, over the container's services; a consumer (backend or worker) runs them. */
export function jobHandlers(container: DependencyContainer): Record<(typeof JOB_KINDS)[number], JobHandler> {
  const config = container.resolve<AppConfig>(RUNTIME_TOKENS.Config);
  const queue = container.resolve(RUNTIME_TOKENS.JobQueue);
  const registry = container.resolve(RECOMMENDATION_TOKENS.Registry);
  const service = container.resolve(RECOMMENDATION_TOKENS.Service);
  return {
    import: (data, context) =>
      runImportJob({ dataImport: async () => dataImportOf(container), objectStore: container.resolve(RUNTIME_TOKENS.ObjectStore), attempts: jobAttempts(config) }, data, context),
    train: async (_data, { signal, report }) => {
      const outcome = await container.resolve(RECOMMENDATION_TOKENS.Trainer).train({ signal, onProgress: (p) => report(p.progress, p.message) });
      // The evaluation rows and metadata stay with the version; the job keeps what an operator reads.
      return { name: outcome.name, version: outcome.version, objectKey: outcome.objectKey, metrics: outcome.metrics, seconds: outcome.seconds };
    },
    segment: async (_data, { report }) => {
      report(0, 'segmenting customers');
      const result = await container.resolve(USER_TOKENS.Segmentation).recompute();
      return { customers: result.customers, seconds: result.seconds };
    },
    reindex: async () => {
      const signals = container.resolve(RUNTIME_TOKENS.ClusterSignals);
      const index = container.resolve(SEARCH_TOKENS.Index);
      await signals.publish({ type: 'search-reindex' });
      // A worker has no index of its own to serve: the serving instances rebuild theirs on the signal.
      if (signals.transport === 'redis' && index.status().state === 'empty') return { rebuiltBy: 'serving instances' };
      await index.reindex();
      return { products: index.status().products };
    },
    precompute: (data, context) =>
      runPrecomputeJob(
        { database: container.resolve<DatabaseHandle>(DATA_TOKENS.Database), registry, service, queue, chunkSize: config.PRECOMPUTE_CHUNK_SIZE },
        data,
        context,
      ),
    [PRECOMPUTE_CHUNK_KIND]: (data, context) => runPrecomputeChunk({ registry, service }, data, context),
  };
}
