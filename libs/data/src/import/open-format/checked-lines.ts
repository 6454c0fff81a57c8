import { checkFileRecord, FILE_RECORD_KINDS, type FileRecordKind, type FileRecordKindName } from '../../records/file-record';
import type { FieldError } from '../../records/field-errors';
import type { RecordFile } from './record-file';

/** One data line checked as its record: the value and its id, or why it was refused. */
export type CheckedLine = { line: number; key: string; value: unknown } | { line: number; problem: string | FieldError[] };

/** Consecutive checked lines, and how far into the file they reach. */
export interface CheckedChunk {
  lines: CheckedLine[];
  /** Bytes of the stored file read when the chunk was cut. */
  bytesRead: number;
}

/**
 * The lines of `source` checked as `kindName` records, a chunk of up to `chunkLines` at a time
 * (a chunk is one step through the async machinery instead of one per line). Throws
 * ImportFileError as RecordFile.lines() does.
 */
export async function* checkedChunks(kindName: FileRecordKindName, source: RecordFile, chunkLines: number): AsyncGenerator<CheckedChunk> {
  const kind: FileRecordKind = FILE_RECORD_KINDS[kindName];
  let lines: CheckedLine[] = [];
  for await (const entry of source.lines()) {
    if ('problem' in entry) lines.push(entry);
    else {
      const checked = checkFileRecord(kind, entry.fields);
      if (!checked.ok) lines.push({ line: entry.line, problem: checked.errors });
      else {
        const value = checked.value as { id?: string; eventId?: string };
        lines.push({
          line: entry.line,
          key: (kindName === 'events' ? value.eventId : value.id) as string,
          value,
        });
      }
    }
    if (lines.length >= chunkLines) {
      yield { lines, bytesRead: source.bytesRead() };
      lines = [];
    }
  }
  if (lines.length > 0) yield { lines, bytesRead: source.bytesRead() };
}
