import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { shownFieldName } from '../../records/field-errors';
import type { FileRecordKind } from '../../records/file-record';
import { CsvRecordBound, describeFsError, ImportFileError, isGzip, MAX_CSV_RECORD_BYTES } from '../import-file';
import { JsonLineSplitter, type JsonLine } from './json-lines';

export type RecordFileFormat = 'csv' | 'jsonl';

/** One data line of a file: its fields by column name, or why it could not be read. */
export type RecordFileLine = { line: number; fields: Record<string, unknown> } | { line: number; problem: string };

/** An open products, customers or events file, read line by line. */
export interface RecordFile {
  format: RecordFileFormat;
  gzipped: boolean;
  /** Size of the file as stored (compressed for gzip). */
  totalBytes: number;
  /** Bytes of the stored file read so far. */
  bytesRead(): number;
  /** The data lines; throws ImportFileError for a wrong header or an unreadable stream. */
  lines(): AsyncGenerator<RecordFileLine>;
}

// A line this long is refused on its own instead of being held in memory.
const MAX_JSON_LINE_BYTES = 64 * 1024 * 1024;

const FORMATS: Record<string, RecordFileFormat> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

/** The format from the name (`.csv`, `.jsonl`, `.ndjson`, each optionally `.gz`). */
export function recordFileFormat(file: string): RecordFileFormat {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  const format = FORMATS[path.extname(name)];
  if (!format) throw new ImportFileError(`cannot tell the format of ${file}: name it .csv, .jsonl or .ndjson (optionally followed by .gz)`);
  return format;
}

/**
 * Opens a file of `kind` records. Gzip is recognised by its magic bytes, not the name, so a
 * compressed `.csv` or an uncompressed `.csv.gz` both read. A CSV record over `maxCsvRecordBytes`
 * stops the reading (ImportFileError).
 */
export async function openRecordFile(file: string, kind: FileRecordKind, maxCsvRecordBytes = MAX_CSV_RECORD_BYTES): Promise<RecordFile> {
  const format = recordFileFormat(file);
  let totalBytes: number;
  let gzipped: boolean;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new ImportFileError(`${file} is not a file`);
    totalBytes = info.size;
    gzipped = await isGzip(file);
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError(`cannot read ${file}: ${describeFsError(err as NodeJS.ErrnoException)}`);
  }
  let bytesRead = 0;
  const startStream = (): StartedStream => {
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytesRead += chunk.length;
        done(null, chunk);
      },
    });
    const bound = new CsvRecordBound(maxCsvRecordBytes);
    const parser = format === 'csv' ? csvParser(bound) : new JsonLineSplitter(MAX_JSON_LINE_BYTES);
    let failure: Error | undefined;
    const stages: NodeJS.ReadWriteStream[] = gzipped ? [counter, createGunzip()] : [counter];
    pipeline(createReadStream(file), ...(stages as [NodeJS.ReadWriteStream]), parser, (err) => {
      if (err) failure = err;
    });
    return { stream: parser, bound, failure: () => failure };
  };
  return {
    format,
    gzipped,
    totalBytes,
    bytesRead: () => bytesRead,
    lines: () => readLines(file, kind, format, startStream),
  };
}

interface StartedStream {
  stream: NodeJS.ReadableStream;
  /** The CSV parser's record bound (unused for JSON Lines, whose splitter bounds lines itself). */
  bound: CsvRecordBound;
  failure: () => Error | undefined;
}

function csvParser(bound: CsvRecordBound) {
  // relax_quotes: a stray quote inside a cell is text, not the start of a field that swallows the lines after it.
  return parse({ ...bound.parserOptions, bom: true, info: true, relax_quotes: true, skip_empty_lines: true, skip_records_with_error: true });
}

async function* readLines(
  file: string,
  kind: FileRecordKind,
  format: RecordFileFormat,
  startStream: () => StartedStream,
): AsyncGenerator<RecordFileLine> {
  const { stream, bound, failure } = startStream();
  try {
    yield* format === 'csv' ? csvLines(file, kind, stream, bound) : jsonLines(stream);
    const err = failure();
    if (err) throw err;
  } catch (err) {
    // Only the stream fails in here (what the caller does with a line never throws into it).
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError(`cannot read ${file}: ${(failure() ?? (err as Error)).message}`);
  } finally {
    (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
  }
}

/** Why csv-parse skipped a record, in words (its codes name the parser's internals). */
function csvProblem(err: Error & { code?: string }): string {
  if (err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') return 'wrong number of columns';
  if (err.code === 'CSV_QUOTE_NOT_CLOSED') return 'a quoted cell is never closed: the file ends inside it';
  if (err.code?.includes('QUOTE')) return 'malformed quotes';
  return 'not a CSV record';
}

async function* csvLines(file: string, kind: FileRecordKind, parser: NodeJS.ReadableStream, bound: CsvRecordBound): AsyncGenerator<RecordFileLine> {
  const skipped: RecordFileLine[] = [];
  parser.on('skip', (err: Error & { code?: string; lines?: number }) => {
    if (!bound.caught(err)) skipped.push({ line: err.lines ?? 0, problem: csvProblem(err) });
  });
  let columns: string[] | undefined;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (bound.exceeded) break;
    // The parser runs ahead of this loop, so skips may be known before the records above them.
    skipped.sort((a, b) => a.line - b.line);
    while (skipped.length > 0 && (skipped[0] as RecordFileLine).line < info.lines) yield skipped.shift() as RecordFileLine;
    if (!columns) {
      columns = checkHeader(file, kind, record);
      continue;
    }
    const fields: Record<string, unknown> = {};
    columns.forEach((column, i) => (fields[column] = record[i]));
    yield { line: info.lines, fields };
  }
  bound.throwIfOversized(file);
  yield* skipped.sort((a, b) => a.line - b.line);
  if (!columns) throw new ImportFileError(`${file} is empty: a ${kind.name} CSV starts with the header ${kind.columns.join(',')}`);
}

/** The header's columns, or a file error naming what is wrong and the columns expected. */
function checkHeader(file: string, kind: FileRecordKind, record: string[]): string[] {
  const header = record.map((column) => column.trim().toLowerCase());
  const known = new Set([...kind.columns, ...kind.optionalColumns]);
  const problems = [
    ['missing', kind.columns.filter((c) => !header.includes(c))],
    ['unknown', header.filter((c) => !known.has(c))],
    ['repeated', header.filter((c, i) => header.indexOf(c) !== i)],
  ] as const;
  const found = problems.filter(([, columns]) => columns.length > 0);
  if (found.length === 0) return header;
  const optional = kind.optionalColumns.length > 0 ? ` (optional columns: ${kind.optionalColumns.join(',')})` : '';
  throw new ImportFileError(
    `${file} is not a ${kind.name} CSV: ${found.map(([what, columns]) => `${what} column${columns.length > 1 ? 's' : ''} ${listedNames(columns)}`).join('; ')}. ` +
      `Expected the header ${kind.columns.join(',')}${optional}`,
  );
}

/** The header is the sender's: a few names, each cut short, never the whole of a hostile header. */
function listedNames(names: readonly string[], max = 10): string {
  const listed = names.slice(0, max).map(shownFieldName).join(', ');
  return names.length > max ? `${listed} and ${names.length - max} more` : listed;
}

async function* jsonLines(lines: NodeJS.ReadableStream): AsyncGenerator<RecordFileLine> {
  for await (const entry of lines as AsyncIterable<JsonLine>) {
    if ('tooLong' in entry) {
      yield { line: entry.line, problem: `line longer than ${MAX_JSON_LINE_BYTES / 1024 / 1024} MiB` };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(entry.text);
    } catch {
      yield { line: entry.line, problem: 'not valid JSON' };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) yield { line: entry.line, problem: 'not a JSON object' };
    else yield { line: entry.line, fields: value as Record<string, unknown> };
  }
}
