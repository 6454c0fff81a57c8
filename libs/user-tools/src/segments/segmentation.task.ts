// Runs inside a worker thread of the executor pool: on a SQLite file the whole segmentation
// (read, scores, k-means, write) happens here, on the worker's own connection, because SQLite
// answers synchronously on the calling thread: at 10M events the one GROUP BY read blocked the
// server's event loop for 3-6 s and the write of the rows for another ~10 s.
import { openDatabase } from '@reco/data';
import { defineTask } from '@reco/executor';
import { allAggregatesAtOnce } from './aggregate-pages';
import { kMeansHere } from './kmeans.task';
import { segmentCustomers, type SegmentationParams, type SegmentationReport } from './segment-customers';
import { writeSegmentRun } from './segment-store';

export interface SegmentationTaskPayload extends SegmentationParams {
  /** The SQLite file's URL (`file:/abs/path`), opened here and closed before returning. */
  url: string;
}

export default defineTask(async (payload: SegmentationTaskPayload): Promise<SegmentationReport> => {
  const { url, ...params } = payload;
  const db = await openDatabase({ url });
  try {
    return await segmentCustomers(db, allAggregatesAtOnce, { cluster: kMeansHere, save: (run, rows) => writeSegmentRun(db, run, rows) }, params);
  } finally {
    await db.close();
  }
});
