import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';

/** Items per page of the MCP list methods: every Reco list fits in one page today, clients still get cursors right. */
const MCP_PAGE_SIZE = 50;

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/**
 * One page of an already stably ordered list. The cursor is opaque to clients (base64url of
 * the next offset with a tag), so its form can change; a cursor we did not issue is -32602.
 */
export function pageOf<T>(all: readonly T[], cursor: string | undefined, pageSize = MCP_PAGE_SIZE): Page<T> {
  const start = cursor === undefined ? 0 : offsetOf(cursor);
  if (start > all.length) throw invalidCursor();
  const end = start + pageSize;
  return { items: all.slice(start, end), ...(end < all.length ? { nextCursor: cursorFor(end) } : {}) };
}

function cursorFor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function offsetOf(cursor: string): number {
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match?.[1]) throw invalidCursor();
  return Number(match[1]);
}

function invalidCursor(): ProtocolError {
  return new ProtocolError(ProtocolErrorCode.InvalidParams, 'Invalid cursor: pass back a nextCursor from this server unchanged');
}
