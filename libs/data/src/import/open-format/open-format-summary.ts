import type { FieldError } from '../../records/field-errors';
import type { FileRecordKindName } from '../../records/file-record';
import type { RecordFileFormat } from './record-file';

/** A line of a file that was not applied, and why. */
export interface RejectedLine {
  /** 1-based line number in the (decompressed) file; a CSV record spanning lines has its last. */
  line: number;
  /** The problems in one line of text: `price: negative; title: required`. */
  reason: string;
  /** The field errors behind `reason`; empty when the line could not be read at all. */
  errors: FieldError[];
}

/** What an import of a products, customers or events file read and changed. */
export interface OpenFormatImportSummary {
  kind: FileRecordKindName;
  file: string;
  format: RecordFileFormat;
  gzipped: boolean;
  /** Data lines read (header and blank lines excluded), accepted or rejected. */
  rowsRead: number;
  /** Lines that passed validation and were sent to the database. */
  accepted: number;
  /** Records new to the database: zero on a re-import of the same file. */
  inserted: number;
  /** Products and customers that existed, with at least one field changed. */
  updated: number;
  /** Products and customers that existed exactly as the file has them: a re-import is all unchanged. */
  unchanged: number;
  /** Events whose eventId was stored before with the same content: nothing changed. */
  duplicates: number;
  /** Events whose eventId was stored before with other content: kept as stored, listed here. */
  conflicts: { total: number; first: RejectedLine[] };
  rejected: {
    total: number;
    /** Count per `field: reason` (or per reason for unreadable lines). */
    byReason: Record<string, number>;
    first: RejectedLine[];
  };
  seconds: number;
  rowsPerSecond: number;
}

/** The summary as the lines the CLI prints, with at most `maxLines` rejected lines listed. */
export function formatOpenFormatSummary(s: OpenFormatImportSummary, maxLines = 20): string[] {
  const written =
    s.kind === 'events'
      ? `${s.inserted} stored, ${s.duplicates} duplicates, ${s.conflicts.total} conflicts`
      : `${s.inserted} inserted, ${s.updated} updated, ${s.unchanged} unchanged`;
  const reasons = Object.entries(s.rejected.byReason)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${reason} ×${n}`)
    .join('; ');
  const listed = s.rejected.first.slice(0, maxLines);
  const conflicts = s.conflicts.first.slice(0, maxLines);
  return [
    `imported ${s.kind} from ${s.file} (${s.format}${s.gzipped ? ', gzip' : ''}): ${s.rowsRead} rows read in ${s.seconds.toFixed(1)} s (${Math.round(s.rowsPerSecond)} rows/s)`,
    `accepted ${s.accepted}: ${written}`,
    `rejected: ${s.rejected.total}${reasons ? ` (${reasons})` : ''}`,
    ...listed.map((r) => `  line ${r.line}: ${r.reason}`),
    ...(s.rejected.total > listed.length ? [`  ... and ${s.rejected.total - listed.length} more`] : []),
    ...conflicts.map((r) => `  conflict line ${r.line}: ${r.reason}`),
    ...(s.conflicts.total > conflicts.length ? [`  ... and ${s.conflicts.total - conflicts.length} more conflicts`] : []),
  ];
}
