import path from 'node:path';
import type { AsyncExecutor, TaskRef, WithTransfer } from '@reco/executor';
import type { LoadTaskPayload, LoadTaskResult } from './loading.task';
import type { TrainTaskPayload, TrainTaskResult } from './training.task';

/** Names of the recommender's worker tasks in the executor (its logs and errors show them). */
export const TRAIN_TASK = 'train-recommender';
export const LOAD_TASK = 'load-recommender';
export const PROBE_TASK = 'probe-tf-backend';

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
    train: executor.registerTask<WithTransfer<TrainTaskPayload>, TrainTaskResult>(TRAIN_TASK, moduleOf('training.task')),
    load: executor.registerTask<WithTransfer<LoadTaskPayload>, LoadTaskResult>(LOAD_TASK, moduleOf('loading.task')),
    probe: executor.registerTask<Record<string, never>, { backend: string }>(PROBE_TASK, moduleOf('loading.task'), { exportName: 'probeBackend' }),
  };
}
