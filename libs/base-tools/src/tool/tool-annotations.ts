/**
 * MCP's ToolAnnotations (protocol 2025-06-18 on): hints a client uses to present a tool and to
 * decide whether to ask the user before a call. Hints, not guarantees: access is still the
 * registry's (ToolAccess). What each hint means for Reco:
 */
interface ToolHints {
  /**
   * The tool's title, mirrored here by the MCP export for clients that read it only from the
   * annotations; a tool gives its title once, as `Tool.title`.
   */
  readonly title?: string;
  /**
   * Calling again with the same arguments changes nothing more. MCP weighs it only for tools that
   * are not read-only; Reco's reads say `true` anyway when the same call gives the same answer.
   */
  readonly idempotentHint: boolean;
  /**
   * The call may reach something outside the shop's own data (an external LLM, a web API); `false`:
   * it reads and writes only the shop's database, cache and models. MCP assumes `true` when absent.
   */
  readonly openWorldHint: boolean;
}

/**
 * `readOnlyHint: true`: the call changes no shop data (catalogue, customers, orders, models,
 * rules). Bookkeeping about the call itself does not count: an experiment exposure logged, a
 * chat turn remembered, a derived result computed once and stored. `destructiveHint` applies only
 * to a tool that writes: `true` when it may overwrite or delete data, `false` when it only adds.
 */
export type ToolAnnotations = ToolHints & ({ readonly readOnlyHint: true; readonly destructiveHint?: never } | { readonly readOnlyHint: false; readonly destructiveHint: boolean });

/** The title rule MCP clients can show: one line, short. */
export const TOOL_TITLE_MAX_CHARS = 100;

/**
 * A tool that says it changes shop data (`readOnlyHint: false`: an admin's import or training).
 * A conversation never offers one, and a process that runs no jobs never starts one.
 */
export function changesShopData(tool: { annotations?: ToolAnnotations }): boolean {
  return tool.annotations?.readOnlyHint === false;
}
