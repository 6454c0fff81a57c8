import path from 'node:path';
import type { AsyncExecutor, TaskRef, WithTransfer } from '@reco/executor';
import type { LoadTaskPayload, LoadTaskResult } from './load-recommender.task';
import type { TrainTaskPayload, TrainTaskResult } from './train-recommender.task';

export interface RecommenderTasks {
  // Payloads move their typed arrays to the worker (withTransfer) instead of copying them.
  train: TaskRef<WithTransfer<TrainTaskPayload>, TrainTaskResult>;
  load: TaskRef<WithTransfer<LoadTaskPayload>, LoadTaskResult>;
  probe: TaskRef<Record<string, never>, { backend: string }>;
}

// `.ts` from source (jest, tsx), `.js` when built.
const moduleOf = (name: string) => path.join(__dirname, `${name}${path.extname(__filename)}`);

/** Registers the recommender's worker tasks; idempotent, call before the pool's first run. */
export function registerRecommenderTasks(executor: AsyncExecutor): RecommenderTasks {
  return {
    train: executor.registerTask<WithTransfer<TrainTaskPayload>, TrainTaskResult>('train-recommender', moduleOf('train-recommender.task')),
    load: executor.registerTask<WithTransfer<LoadTaskPayload>, LoadTaskResult>('load-recommender', moduleOf('load-recommender.task')),
    probe: executor.registerTask<Record<string, never>, { backend: string }>('probe-tf-backend', moduleOf('load-recommender.task'), {
      exportName: 'probeBackend',
    }),
  };
}
