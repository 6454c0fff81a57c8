// Worker thread: reads and checks an open-format file (checkedChunks) and posts the chunks to the
// importer, at most as many as it has been granted credit for, so memory stays bounded.
import { parentPort, workerData } from 'node:worker_threads';
import type { FileRecordKindName } from '../../records/file-record';
import { FILE_RECORD_KINDS } from '../../records/file-record';
import { ImportFileError } from '../import-file';
import { checkedChunks, type CheckedChunk } from './checked-lines';
import { openRecordFile } from './record-file';

/** What the importer hands the worker. */
export interface CheckedLinesJob {
  kind: FileRecordKindName;
  file: string;
  chunkLines: number;
}

/** Worker → importer. */
export type CheckedLinesMessage =
  { type: 'chunk'; chunk: CheckedChunk } | { type: 'end' } | { type: 'error'; message: string; fileError: boolean; stack?: string };

/** Importer → worker: room for this many more chunks. */
export interface CheckedLinesCredit {
  credit: number;
}

async function run(port: NonNullable<typeof parentPort>, job: CheckedLinesJob): Promise<void> {
  let credit = 0;
  let granted: (() => void) | undefined;
  port.on('message', (message: CheckedLinesCredit) => {
    credit += message.credit;
    granted?.();
  });
  const post = async (message: CheckedLinesMessage) => {
    while (credit === 0) await new Promise<void>((resolve) => (granted = resolve));
    credit--;
    port.postMessage(message);
  };
  try {
    const source = await openRecordFile(job.file, FILE_RECORD_KINDS[job.kind]);
    for await (const chunk of checkedChunks(job.kind, source, job.chunkLines)) await post({ type: 'chunk', chunk });
    port.postMessage({ type: 'end' } satisfies CheckedLinesMessage);
  } catch (err) {
    const error = err as Error;
    port.postMessage({
      type: 'error',
      message: error.message,
      fileError: err instanceof ImportFileError,
      stack: error.stack,
    } satisfies CheckedLinesMessage);
  }
  // The importer ends this thread (terminate) once it has what it needs.
}

if (parentPort) void run(parentPort, workerData as CheckedLinesJob);
