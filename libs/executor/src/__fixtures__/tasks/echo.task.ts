// Test task: loads @reco/executor by package name, as task modules of other libs do, which
// resolves to src/index.ts only under the @reco/source condition.
// eslint-disable-next-line @nx/enforce-module-boundaries -- deliberate: the worker must resolve @reco/* itself
import { defineTask, withTransfer } from '@reco/executor';

export interface EchoPayload {
  values: number[];
}

export default defineTask(async (payload: EchoPayload, { task, threadId }) => ({
  sum: payload.values.reduce((s, v) => s + v, 0),
  task,
  threadId,
  // eslint-disable-next-line @nx/enforce-module-boundaries -- see the import above
  executorEntry: require.resolve('@reco/executor'),
}));

/** Scales a vector in place and moves it back without copying. */
export const scale = defineTask((payload: { data: Float64Array; factor: number }) => {
  payload.data.forEach((v, i, data) => (data[i] = v * payload.factor));
  return withTransfer({ data: payload.data, byteLength: payload.data.byteLength }, [payload.data]);
});
