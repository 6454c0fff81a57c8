import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileRecordKindName } from '../../records/file-record';
import { ImportFileError } from '../import-file';
import type { CheckedChunk } from './checked-lines';
import type { CheckedLinesCredit, CheckedLinesJob, CheckedLinesMessage } from './checked-lines-worker';

// Chunks the worker may read ahead of the importer: enough to keep it busy while a batch is
// written, few enough that memory stays a few batches' worth whatever the file's size.
const CHUNKS_AHEAD = 4;

const WORKER_FILE = path.join(__dirname, `checked-lines-worker${path.extname(__filename)}`);

/**
 * Worker threads get neither tsx's hooks nor jest's transform from the parent: run from source,
 * the worker registers tsx's CommonJS hook and resolves `@reco/*` to their sources.
 */
function workerExecArgv(): string[] | undefined {
  if (!/\.[cm]?ts$/.test(WORKER_FILE)) return undefined;
  return ['--conditions=@reco/source', '--require', require.resolve('tsx/cjs')];
}

/**
 * checkedChunks run in a worker thread: reading, parsing and checking a large file takes about
 * as much CPU as writing it, so on two cores the two halves overlap instead of adding up. Same
 * chunks, same errors (ImportFileError for the file itself).
 */
export async function* checkedChunksInWorker(kind: FileRecordKindName, file: string, chunkLines: number): AsyncGenerator<CheckedChunk> {
  const worker = new Worker(WORKER_FILE, {
    workerData: { kind, file, chunkLines } satisfies CheckedLinesJob,
    execArgv: workerExecArgv(),
  });
  const inbox: CheckedLinesMessage[] = [];
  let failure: Error | undefined;
  let exited = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: CheckedLinesMessage) => {
    inbox.push(message);
    notify();
  });
  worker.on('error', (err) => {
    failure = err;
    notify();
  });
  worker.on('exit', () => {
    exited = true;
    notify();
  });
  worker.postMessage({ credit: CHUNKS_AHEAD } satisfies CheckedLinesCredit);
  try {
    for (;;) {
      while (inbox.length === 0 && !failure && !exited) await new Promise<void>((resolve) => (wake = resolve));
      const message = inbox.shift();
      if (!message) throw failure ?? new Error(`the thread reading ${file} stopped before the end of the file`);
      if (message.type === 'end') return;
      if (message.type === 'error') {
        if (message.fileError) throw new ImportFileError(message.message);
        throw Object.assign(new Error(message.message), {
          stack: message.stack,
        });
      }
      worker.postMessage({ credit: 1 } satisfies CheckedLinesCredit);
      yield message.chunk;
    }
  } finally {
    await worker.terminate();
  }
}
