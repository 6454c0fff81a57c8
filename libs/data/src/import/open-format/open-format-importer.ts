import type { DataLogger } from '../../database/data-client';
import { silentLogger } from '../../database/data-client';
import { FILE_RECORD_KINDS, type FileRecordKindName } from '../../records/file-record';
import type { FieldError } from '../../records/field-errors';
import type { CustomerRepository } from '../../repositories/customer-repository';
import type { EventRepository } from '../../repositories/event-repository';
import type { ProductRepository } from '../../repositories/product-repository';
import type { CustomerInput } from '../../types/customer';
import type { EventInput } from '../../types/event';
import type { ProductInput } from '../../types/product';
import type { ImportProgress } from '../import-file';
import type { OpenFormatImportSummary } from './open-format-summary';
import { withBulkWriteSettings, type BulkWriteTarget } from './bulk-write-settings';
import { checkedChunks } from './checked-lines';
import { checkedChunksInWorker } from './checked-lines-thread';
import { openRecordFile } from './record-file';

/** The repository calls an open-format import makes (and the database under them, when known: a Database gives both). */
export interface OpenFormatRepositories extends BulkWriteTarget {
  products: Pick<ProductRepository, 'upsertMany'>;
  customers: Pick<CustomerRepository, 'upsertMany'>;
  events: Pick<EventRepository, 'recordMany'>;
}

export interface OpenFormatImportOptions {
  /** Records per repository call (one transaction each). Default 20,000. */
  batchSize?: number;
  /**
   * Read and check the file in a worker thread while batches are written. Default: for files
   * of 4 MiB or more (a thread costs a fraction of a second to start).
   */
  readInWorker?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  logger?: DataLogger;
}

interface Pending {
  line: number;
  key: string;
  value: unknown;
}

interface BatchOutcome {
  inserted: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  /** Positions in the batch of events stored before with other content. */
  conflicts: number[];
}

const MAX_LINES_KEPT = 100;
// Reasons name fields, and in JSON Lines the sender names them: past this many distinct reasons
// the rest are counted under OTHER_REASONS, so the summary stays small whatever the file.
const MAX_REASONS_COUNTED = 100;
const OTHER_REASONS = 'other reasons';
const PROGRESS_EVERY = 5_000;
// Larger transactions write each changed index page fewer times (measured on SQLite: 20,000
// events per transaction wrote 1.1-1.7 times as fast as 5,000; 50,000 was no faster); a batch's
// records stay a few MB.
const DEFAULT_BATCH = 20_000;
const WORKER_FROM_BYTES = 4 * 1024 * 1024;
// Lines per chunk between the reading thread and the importer.
const CHUNK_LINES = 2_000;

/**
 * Streams a products, customers or events file (CSV or JSON Lines, optionally gzipped) into the
 * database through the repositories, a batch at a time. Every line is checked on its own: a bad
 * one is reported with its number and reason and the run goes on. Idempotent: products and
 * customers are upserts, and an event whose eventId is stored already changes nothing. Batches
 * are written in file order, one at a time, while the next one is read; a failed write stops the
 * import with the batches before it stored.
 */
export class OpenFormatImporter {
  constructor(private readonly repositories: OpenFormatRepositories) {}

  async import(kindName: FileRecordKindName, file: string, options: OpenFormatImportOptions = {}): Promise<OpenFormatImportSummary> {
    const started = performance.now();
    const logger = options.logger ?? silentLogger;
    const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
    // Opened here in any case: a file that cannot be read fails before anything is written.
    const source = await openRecordFile(file, FILE_RECORD_KINDS[kindName]);
    const inWorker = options.readInWorker ?? source.totalBytes >= WORKER_FROM_BYTES;
    const chunks = inWorker ? checkedChunksInWorker(kindName, file, CHUNK_LINES) : checkedChunks(kindName, source, CHUNK_LINES);
    const summary: OpenFormatImportSummary = {
      kind: kindName,
      file,
      format: source.format,
      gzipped: source.gzipped,
      rowsRead: 0,
      accepted: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      duplicates: 0,
      conflicts: { total: 0, first: [] },
      rejected: { total: 0, byReason: {}, first: [] },
      seconds: 0,
      rowsPerSecond: 0,
    };
    const reject = (line: number, problem: string | FieldError[]) => {
      const errors = typeof problem === 'string' ? [] : problem;
      const reasons = typeof problem === 'string' ? [problem] : problem.map((e) => `${e.field}: ${e.reason}`);
      summary.rejected.total++;
      const byReason = summary.rejected.byReason;
      for (const reason of new Set(reasons.map((r) => r.replace(/\[\d+\]/, '')))) {
        const key = Object.hasOwn(byReason, reason) || Object.keys(byReason).length < MAX_REASONS_COUNTED ? reason : OTHER_REASONS;
        byReason[key] = (byReason[key] ?? 0) + 1;
      }
      if (summary.rejected.first.length < MAX_LINES_KEPT) summary.rejected.first.push({ line, reason: reasons.join('; '), errors });
      logger.debug({ file, line, reasons }, 'line rejected');
    };
    const count = (batch: readonly Pending[], outcome: BatchOutcome) => {
      summary.inserted += outcome.inserted;
      summary.updated += outcome.updated;
      summary.unchanged += outcome.unchanged;
      summary.duplicates += outcome.duplicates;
      for (const i of outcome.conflicts) {
        const { line, key } = batch[i] as Pending;
        summary.conflicts.total++;
        const reason = `event_id ${key} was stored before with other content; the stored event is kept`;
        if (summary.conflicts.first.length < MAX_LINES_KEPT) summary.conflicts.first.push({ line, reason, errors: [{ field: 'event_id', reason: 'stored before with other content' }] });
      }
    };

    // The batch being written; its failure is kept (not left unhandled) and thrown at the next wait.
    let writing: Promise<void> = Promise.resolve();
    let failure: { error: unknown } | undefined;
    const written = async () => {
      await writing;
      if (failure) throw failure.error;
    };
    let batch: Pending[] = [];
    let keys = new Set<string>();
    const flush = async () => {
      await written();
      if (batch.length === 0) return;
      const full = batch;
      writing = this.write(kindName, full.map((p) => p.value)).then(
        (outcome) => count(full, outcome),
        (error: unknown) => void (failure = { error }),
      );
      batch = [];
      keys = new Set();
    };

    let reported = 0;
    const readAndWrite = async () => {
      try {
        for await (const chunk of chunks) {
          for (const entry of chunk.lines) {
            summary.rowsRead++;
            if ('problem' in entry) reject(entry.line, entry.problem);
            else {
              // One write per id in a batch: a repeated id starts the next batch, so it applies after the first.
              if (batch.length >= batchSize || keys.has(entry.key)) await flush();
              batch.push(entry);
              keys.add(entry.key);
              summary.accepted++;
            }
          }
          if (options.onProgress && summary.rowsRead - reported >= PROGRESS_EVERY) {
            reported = summary.rowsRead;
            options.onProgress({ rowsRead: summary.rowsRead, bytesRead: chunk.bytesRead, totalBytes: source.totalBytes });
          }
        }
        await flush();
        await written();
      } finally {
        // On a failure, the batch in flight still settles before the error leaves.
        await writing;
      }
    };
    await withBulkWriteSettings(this.repositories, readAndWrite);
    options.onProgress?.({ rowsRead: summary.rowsRead, bytesRead: source.totalBytes, totalBytes: source.totalBytes });
    summary.seconds = (performance.now() - started) / 1000;
    summary.rowsPerSecond = summary.rowsRead / Math.max(summary.seconds, 1e-6);
    logger.info(
      { file, kind: kindName, rowsRead: summary.rowsRead, accepted: summary.accepted, rejected: summary.rejected.total, seconds: Math.round(summary.seconds * 10) / 10 },
      'import finished',
    );
    return summary;
  }

  private async write(kind: FileRecordKindName, values: unknown[]): Promise<BatchOutcome> {
    const { products, customers, events } = this.repositories;
    if (kind === 'products') return { ...(await products.upsertMany(values as ProductInput[])), duplicates: 0, conflicts: [] };
    if (kind === 'customers') return { ...(await customers.upsertMany(values as CustomerInput[])), duplicates: 0, conflicts: [] };
    const results = await events.recordMany(values as EventInput[]);
    const outcome: BatchOutcome = { inserted: 0, updated: 0, unchanged: 0, duplicates: 0, conflicts: [] };
    results.forEach((result, i) => {
      if (result.status === 'stored') outcome.inserted++;
      else if (result.status === 'duplicate') outcome.duplicates++;
      else outcome.conflicts.push(i);
    });
    return outcome;
  }
}
