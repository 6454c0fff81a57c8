import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { pipeline, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import type { DataClient, DataLogger } from '../../database/data-client';
import { silentLogger } from '../../database/data-client';
import { CsvRecordBound, describeFsError, ImportFileError, isGzip, type ImportProgress } from '../import-file';
import type { BulkBatch, ImportConnection } from './import-connection';
import { ImportStaging, type PublishResult } from './import-staging';
import type { DatabaseCounts, ImportSummary, RejectedRow } from './import-summary';
import { isMerchandiseCode } from './merchandise';
import { ONLINE_RETAIL_COLUMNS, parseOnlineRetailRecord, type OnlineRetailRow, type RejectReason } from './online-retail-row';
import { countDatabase } from './aggregates';

export interface ImportOptions {
  /**
   * The import run this call is an attempt of (e.g. the job id; 1-200 characters, no control
   * characters); generated when absent. A new attempt of a run deletes what an earlier, killed
   * attempt of it staged.
   */
  runId?: string;
  /** Rows per staged batch (one transaction), rounded up to whole invoices. */
  batchRows?: number;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * Stops the import before it publishes: it rejects with the signal's reason and deletes what it
   * staged, so none of its rows become visible. A publish that has begun completes.
   */
  signal?: AbortSignal;
  logger?: DataLogger;
}

interface Tally {
  invoices: Set<string>;
  cancelled: number;
  guest: number;
  lines: number;
  returns: number;
  nonPositivePrice: number;
  customers: Set<string>;
  merchandise: Set<string>;
  nonMerchandise: Set<string>;
}

interface PendingLine {
  lineNo: number;
  row: OnlineRetailRow;
}

const MAX_REJECTED_KEPT = 100;

// eslint-disable-next-line no-control-regex -- a run id is shown in logs and messages
const RUN_ID = /^[^\u0000-\u001f\u007f]{1,200}$/;

function checkedRunId(runId: string | undefined): string {
  if (runId === undefined) return randomUUID();
  if (!RUN_ID.test(runId)) throw new RangeError(`runId must be 1-200 characters without control characters (got ${JSON.stringify(runId.slice(0, 210))})`);
  return runId;
}

/**
 * The Online Retail adapter onto the open model: streams the UCI CSV (plain or gzipped) into
 * orders, order lines, products and customers. Rows are validated one by one (a bad row is
 * counted with its line number, never fatal); accepted rows are staged in batches of whole
 * invoices, invisible to readers, then published in one transaction with insert-or-ignore on
 * natural keys (invoice number, line position in its invoice), so re-importing a file inserts
 * nothing and an import is seen whole or not at all (see ImportStaging). Stock codes are
 * upper-cased; the file's rules decide `recommendable` (merchandise code, not a fee line). The
 * aggregates of the products and customers the file names are recomputed from all their stored
 * lines and orders in the same transaction, so they are right after any sequence of imports.
 */
export class OnlineRetailImporter {
  constructor(
    private readonly client: DataClient,
    private readonly createConnection: () => ImportConnection,
  ) {}

  async import(file: string, options: ImportOptions = {}): Promise<ImportSummary> {
    const started = performance.now();
    const logger = options.logger ?? silentLogger;
    const batchRows = options.batchRows ?? 5_000;
    const runId = checkedRunId(options.runId);
    let totalBytes: number;
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new ImportFileError(`${file} is not a file`);
      totalBytes = info.size;
    } catch (err) {
      if (err instanceof ImportFileError) throw err;
      throw new ImportFileError(`cannot read ${file}: ${describeFsError(err as NodeJS.ErrnoException)}`);
    }
    const gzip = await isGzip(file).catch((err: NodeJS.ErrnoException) => {
      throw new ImportFileError(`cannot read ${file}: ${describeFsError(err)}`);
    });

    let bytesRead = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytesRead += chunk.length;
        done(null, chunk);
      },
    });
    const bound = new CsvRecordBound();
    const parser = parse({
      ...bound.parserOptions,
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
    });
    const rejected: RejectedRow[] = [];
    const byReason: Partial<Record<RejectReason, number>> = {};
    const reject = (line: number, reason: RejectReason) => {
      byReason[reason] = (byReason[reason] ?? 0) + 1;
      if (rejected.length < MAX_REJECTED_KEPT) rejected.push({ line, reason });
      logger.debug({ line, reason }, 'row rejected');
    };
    parser.on('skip', (err: Error & { code?: string; lines?: number }) => {
      if (!bound.caught(err)) reject(err.lines ?? 0, 'unparseable CSV');
    });
    const streams: NodeJS.ReadWriteStream[] = gzip ? [counter, createGunzip()] : [counter];
    let streamError: Error | undefined;
    pipeline(createReadStream(file), ...(streams as [NodeJS.ReadWriteStream]), parser, (err) => {
      if (err) streamError = err;
    });

    const tally: Tally = {
      invoices: new Set(),
      cancelled: 0,
      guest: 0,
      lines: 0,
      returns: 0,
      nonPositivePrice: 0,
      customers: new Set(),
      merchandise: new Set(),
      nonMerchandise: new Set(),
    };
    const connection = this.createConnection();
    let staging: ImportStaging | undefined;
    let published: PublishResult;
    // Line positions per invoice over the whole file: the natural key of a line.
    const nextLineNo = new Map<string, number>();
    let batch = new Map<string, PendingLine[]>();
    let batchSize = 0;
    let lastInvoice = '';
    let rowsRead = 0;
    let headerSeen = false;

    try {
      options.signal?.throwIfAborted();
      staging = await ImportStaging.begin(connection, runId, file);
      const writer = new BatchWriter(staging);
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        if (bound.exceeded) break;
        if (!headerSeen) {
          headerSeen = true;
          const header = record.map((c) => c.trim().toLowerCase());
          if (ONLINE_RETAIL_COLUMNS.some((name, i) => header[i] !== name.toLowerCase())) {
            throw new ImportFileError(`${file} is not an Online Retail CSV: expected the header ${ONLINE_RETAIL_COLUMNS.join(',')}`);
          }
          continue;
        }
        rowsRead++;
        const parsed = parseOnlineRetailRecord(record);
        if (!parsed.ok) {
          reject(info.lines, parsed.reason);
          continue;
        }
        const row = parsed.row;
        // Flush only between invoices, so that an invoice is never split across transactions.
        if (batchSize >= batchRows && row.invoiceNo !== lastInvoice) {
          options.signal?.throwIfAborted();
          await writer.write(batch);
          batch = new Map();
          batchSize = 0;
        }
        lastInvoice = row.invoiceNo;
        const lineNo = nextLineNo.get(row.invoiceNo) ?? 1;
        nextLineNo.set(row.invoiceNo, lineNo + 1);
        let lines = batch.get(row.invoiceNo);
        if (!lines) batch.set(row.invoiceNo, (lines = []));
        lines.push({ lineNo, row });
        batchSize++;
        this.count(tally, row, lineNo);
        if (options.onProgress && rowsRead % 5_000 === 0) options.onProgress({ rowsRead, bytesRead, totalBytes });
      }
      bound.throwIfOversized(file);
      if (streamError) throw streamError;
      if (!headerSeen) throw new ImportFileError(`${file} is empty`);
      if (batchSize > 0) await writer.write(batch);
      options.onProgress?.({ rowsRead, bytesRead: totalBytes, totalBytes });
      options.signal?.throwIfAborted();
      published = await staging.publish();
    } catch (err) {
      // Told apart before anything is awaited: the parser's teardown then reports an abort as a stream error.
      const source = streamError ?? err;
      const readFailed = !(err instanceof ImportFileError) && (source === streamError || (err as NodeJS.ErrnoException).code?.startsWith('Z_'));
      // A failure deletes what this attempt staged; a kill leaves it to the retry or the next import.
      await staging?.discard().catch((discardErr: unknown) => logger.warn({ runId, err: String(discardErr) }, 'staged rows of a failed import not deleted'));
      throw readFailed ? new ImportFileError(`cannot read ${file}: ${(source as Error).message}`) : err;
    } finally {
      parser.destroy();
      await connection.close();
    }

    const database: DatabaseCounts = await countDatabase(this.client);
    const seconds = (performance.now() - started) / 1000;
    const summary: ImportSummary = {
      file,
      runId,
      rowsRead,
      inFile: {
        orders: tally.invoices.size,
        cancelledOrders: tally.cancelled,
        guestOrders: tally.guest,
        orderLines: tally.lines,
        returns: tally.returns,
        zeroOrNegativePriceLines: tally.nonPositivePrice,
        customers: tally.customers.size,
        merchandiseProducts: tally.merchandise.size,
        nonMerchandiseProducts: tally.nonMerchandise.size,
      },
      inserted: published.inserted,
      rejected: { total: Object.values(byReason).reduce((a, b) => a + b, 0), byReason, first: rejected },
      database,
      seconds,
      publishSeconds: published.seconds,
      rowsPerSecond: rowsRead / Math.max(seconds, 1e-6),
    };
    logger.info(
      { file, runId, rowsRead, seconds: Math.round(seconds * 10) / 10, publishSeconds: Math.round(published.seconds * 100) / 100, rejected: summary.rejected.total },
      'import finished',
    );
    return summary;
  }

  private count(tally: Tally, row: OnlineRetailRow, lineNo: number): void {
    if (lineNo === 1 && !tally.invoices.has(row.invoiceNo)) {
      tally.invoices.add(row.invoiceNo);
      if (row.invoiceNo.startsWith('C')) tally.cancelled++;
      if (row.customerId === null) tally.guest++;
    }
    tally.lines++;
    if (row.quantity < 0) tally.returns++;
    if (row.unitPrice <= 0) tally.nonPositivePrice++;
    if (row.customerId !== null) tally.customers.add(row.customerId);
    (isMerchandiseCode(row.stockCode) ? tally.merchandise : tally.nonMerchandise).add(row.stockCode);
  }
}

/** Turns a batch of whole invoices into staged rows, leaving out products and customers staged already. */
class BatchWriter {
  private readonly knownProducts = new Set<string>();
  private readonly knownCustomers = new Set<string>();

  constructor(private readonly staging: ImportStaging) {}

  async write(batch: Map<string, PendingLine[]>): Promise<void> {
    const rows: BulkBatch = { products: [], customers: [], orders: [], lines: [] };
    const newProducts = new Set<string>();
    const newCustomers = new Set<string>();
    for (const [invoiceNo, pending] of batch) {
      const first = (pending[0] as PendingLine).row;
      rows.orders.push([invoiceNo, first.customerId, first.country, first.invoicedAt, invoiceNo.startsWith('C')]);
      for (const { lineNo, row } of pending) {
        rows.lines.push([invoiceNo, lineNo, row.stockCode, row.description, row.quantity, row.unitPrice]);
        if (!this.knownProducts.has(row.stockCode) && !newProducts.has(row.stockCode)) {
          newProducts.add(row.stockCode);
          rows.products.push([row.stockCode, row.description, row.unitPrice, isMerchandiseCode(row.stockCode), first.invoicedAt]);
        }
      }
      const customerId = first.customerId;
      if (customerId !== null && !this.knownCustomers.has(customerId) && !newCustomers.has(customerId)) {
        newCustomers.add(customerId);
        rows.customers.push([customerId, first.country, first.invoicedAt]);
      }
    }
    await this.staging.stage(rows);
    for (const code of newProducts) this.knownProducts.add(code);
    for (const id of newCustomers) this.knownCustomers.add(id);
  }
}
