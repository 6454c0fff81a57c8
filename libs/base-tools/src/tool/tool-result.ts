import type { ToolErrorBody } from './tool-error';

/** What every tool call returns, success or not: tools never throw across this boundary. */
export type ToolResult<T = unknown> =
  | { ok: true; data: T; ms: number }
  | { ok: false; error: ToolErrorBody; ms: number };
