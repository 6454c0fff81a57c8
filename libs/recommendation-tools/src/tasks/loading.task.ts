// Runs inside a worker thread: decoding a model's weights (tens of MB) would stall the event loop.
import { defineTask, withTransfer } from '@reco/executor';
import { initTensorFlow, type ModelMetadata } from '@reco/ml';
import type { RecommenderState } from '../model/recommender-state';
import type { StoredModel } from '../storage/model-store';
import { buffersOf, joinState } from '../storage/recommender-artifacts';

export type LoadTaskPayload = StoredModel;

export interface LoadTaskResult {
  backend: string;
  state: RecommenderState;
  metadata: ModelMetadata;
}

export default defineTask(async (payload: LoadTaskPayload) => {
  const backend = await initTensorFlow();
  const { arrays, metadata } = payload;
  const skeleton = (metadata.extra as { state?: unknown } | undefined)?.state;
  if (!skeleton) throw new Error(`model ${metadata.name} ${metadata.version} has no recommender state in its manifest`);
  const state = joinState(skeleton, arrays);
  const result: LoadTaskResult = { backend, state, metadata: { ...metadata, extra: undefined } };
  return withTransfer(result, buffersOf(state));
});

/** The worker's TensorFlow.js backend, for start-up logs and health before any model exists. */
export const probeBackend = defineTask(async () => ({ backend: await initTensorFlow() }));
