import type { DataLogger } from '../../database/data-client';
import { silentLogger } from '../../database/data-client';
import { checkFileRecord, FILE_RECORD_KINDS, type FileRecordKind, type FileRecordKindName } from '../../records/file-record';
import type { FieldError } from '../../records/field-errors';
import type { CustomerRepository } from '../../repositories/customer-repository';
import type { EventRepository } from '../../repositories/event-repository';
import type { ProductRepository } from '../../repositories/product-repository';
import type { CustomerInput } from '../../types/customer';
import type { EventInput } from '../../types/event';
import type { ProductInput } from '../../types/product';
import type { ImportProgress } from '../import-file';
import type { OpenFormatImportSummary } from './open-format-summary';
import { openRecordFile } from './record-file';

/** The repository calls an open-format import makes. */
export interface OpenFormatRepositories {
  products: Pick<ProductRepository, 'upsertMany'>;
  customers: Pick<CustomerRepository, 'upsertMany'>;
  events: Pick<EventRepository, 'recordMany'>;
}

export interface OpenFormatImportOptions {
  /** Records per repository call (one transaction each). Default 1,000. */
  batchSize?: number;
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
const PROGRESS_EVERY = 5_000;

/**
 * Streams a products, customers or events file (CSV or JSON Lines, optionally gzipped) into the
 * database through the repositories, a batch at a time. Every line is checked on its own: a bad
 * one is reported with its number and reason and the run goes on. Idempotent: products and
 * customers are upserts, and an event whose eventId is stored already changes nothing.
 */
export class OpenFormatImporter {
  constructor(private readonly repositories: OpenFormatRepositories) {}

  async import(kindName: FileRecordKindName, file: string, options: OpenFormatImportOptions = {}): Promise<OpenFormatImportSummary> {
    const started = performance.now();
    const logger = options.logger ?? silentLogger;
    const batchSize = Math.max(1, options.batchSize ?? 1_000);
    const kind: FileRecordKind = FILE_RECORD_KINDS[kindName];
    const source = await openRecordFile(file, kind);
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
      for (const reason of new Set(reasons.map((r) => r.replace(/\[\d+\]/, '')))) summary.rejected.byReason[reason] = (summary.rejected.byReason[reason] ?? 0) + 1;
      if (summary.rejected.first.length < MAX_LINES_KEPT) summary.rejected.first.push({ line, reason: reasons.join('; '), errors });
      logger.debug({ file, line, reasons }, 'line rejected');
    };

    let batch: Pending[] = [];
    let keys = new Set<string>();
    const flush = async () => {
      if (batch.length === 0) return;
      const outcome = await this.write(kindName, batch.map((p) => p.value));
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
      batch = [];
      keys = new Set();
    };

    for await (const entry of source.lines()) {
      summary.rowsRead++;
      if ('problem' in entry) reject(entry.line, entry.problem);
      else {
        const checked = checkFileRecord(kind, entry.fields);
        if (!checked.ok) reject(entry.line, checked.errors);
        else {
          const value = checked.value as { id?: string; eventId?: string };
          const key = (kindName === 'events' ? value.eventId : value.id) as string;
          // One write per id in a batch: a repeated id starts the next batch, so it applies after the first.
          if (batch.length >= batchSize || keys.has(key)) await flush();
          batch.push({ line: entry.line, key, value });
          keys.add(key);
          summary.accepted++;
        }
      }
      if (options.onProgress && summary.rowsRead % PROGRESS_EVERY === 0) {
        options.onProgress({ rowsRead: summary.rowsRead, bytesRead: source.bytesRead(), totalBytes: source.totalBytes });
      }
    }
    await flush();
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
