import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { ImportFileError } from '@reco/data';
import { CANCELLED_MESSAGE, PermanentJobError, type JobContext, type JobQueue, type JobView } from '@reco/jobs';
import type { ObjectStore } from '@reco/object-store';
import type { DataImport } from '../data-import';

/** An import job names an object (an upload the backend stored, or a key an operator gave). */
export const ImportJobData = z.object({
  objectKey: z.string().min(1),
  /** Delete the object once the import is done or has failed for good (uploads: yes; an operator's own key: no). */
  removeObject: z.boolean().default(false),
  /** Stages the rows under this id; the same for every attempt, so a retry completes the same run. */
  runId: z.string().min(1),
});
export type ImportJobData = z.infer<typeof ImportJobData>;

export interface ImportJobDeps {
  dataImport: () => Promise<Pick<DataImport, 'run'> | undefined>;
  objectStore: ObjectStore;
  /** Runs a job gets before it fails for good. */
  attempts: number;
}

// Temp folders carry the pid, so a process that starts can remove those of processes killed mid-import.
const TEMP_PREFIX = 'reco-import-';

/**
 * Queues the import of an object: at most one import at a time across the deployment (a second
 * gets JobConflictError). `removeObject`: the object is an upload, deleted when the job is over.
 */
export function submitImportJob(queue: JobQueue, objectKey: string, removeObject: boolean): Promise<JobView> {
  return queue.submit('import', { objectKey, removeObject, runId: randomUUID() } satisfies ImportJobData, { exclusive: true });
}

/** Where an uploaded file waits for its import job: under `imports/`, named so two never meet. */
export function uploadObjectKey(fileName: string): string {
  return `imports/${randomUUID()}/${fileName}`;
}

/** Downloads the object, imports it atomically (segments, search and caches follow), removes what it leaves. */
export async function runImportJob(deps: ImportJobDeps, raw: unknown, context: JobContext): Promise<unknown> {
  const parsed = ImportJobData.safeParse(raw);
  if (!parsed.success) throw new PermanentJobError(`bad import job: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const data = parsed.data;
  const dataImport = await deps.dataImport();
  if (!dataImport) throw new PermanentJobError('imports are not available in this process');
  // The object goes once the job is over for good; a run that may be retried leaves it for the retry.
  let over = context.attempt >= deps.attempts;
  // A retry after a kill often lands on another process: sweep what killed imports left here too.
  await removeOrphanedImportFiles().catch(() => 0);
  const dir = await mkdtemp(path.join(tmpdir(), `${TEMP_PREFIX}${process.pid}-`));
  const file = path.join(dir, data.objectKey.endsWith('.gz') ? 'import.csv.gz' : 'import.csv');
  try {
    const object = await deps.objectStore.getStream(data.objectKey, { signal: context.signal });
    if (!object) throw new PermanentJobError(`no object ${JSON.stringify(data.objectKey)} in the object store`);
    await pipeline(object.body, createWriteStream(file), { signal: context.signal });
    context.report(0, 'importing');
    const { file: _file, ...summary } = await dataImport.run(file, {
      runId: data.runId,
      signal: context.signal,
      onProgress: (p) => context.report(p.totalBytes > 0 ? (0.9 * p.bytesRead) / p.totalBytes : 0, `${p.rowsRead} rows read`),
    });
    over = true;
    return { objectKey: data.objectKey, ...summary };
  } catch (err) {
    const permanent = err instanceof ImportFileError || err instanceof PermanentJobError;
    if (permanent || isCancelled(context.signal)) over = true;
    // The job's message is read by every admin: it names the object, never this server's temp folder.
    if (err instanceof ImportFileError) throw new PermanentJobError(err.message.split(file).join(data.objectKey), { cause: err });
    throw err;
  } finally {
    await rm(dir, { recursive: true, force: true });
    if (data.removeObject && over) await deps.objectStore.delete(data.objectKey).catch(() => undefined);
  }
}

function isCancelled(signal: AbortSignal): boolean {
  return signal.aborted && signal.reason instanceof Error && signal.reason.message === CANCELLED_MESSAGE;
}

/** Removes the temp folders of imports whose process is gone (killed mid-import). */
export async function removeOrphanedImportFiles(): Promise<number> {
  let removed = 0;
  await mkdir(tmpdir(), { recursive: true });
  for (const name of await readdir(tmpdir())) {
    const pid = Number(/^reco-import-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    await rm(path.join(tmpdir(), name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
