import type { z } from 'zod';
import type { ToolAccess } from './tool-access';
import { TOOL_TITLE_MAX_CHARS, type ToolAnnotations } from './tool-annotations';
import type { ToolContext } from './tool-context';

/** What a synchronous cache lookup may use: who is asking, for which request. */
export type CachedToolContext = Pick<ToolContext, 'caller' | 'requestId'>;

/** A capability with a validated input and output; see `ToolRegistry.invoke` for how it runs. */
export interface Tool<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** snake_case, unique in a registry, 1-64 chars (OpenAI and MCP both accept it). */
  readonly name: string;
  /** For people (MCP clients, the dashboard, /api/tools): e.g. "Search products"; 1-100 chars. */
  readonly title?: string;
  readonly description: string;
  /** How the call behaves (read-only, idempotent, open-world): hints for MCP clients; see ToolAnnotations. */
  readonly annotations?: ToolAnnotations;
  readonly input: I;
  readonly output: O;
  /** Who may call the tool (see ToolAccess); absent: `public`. The registry enforces it for every caller. */
  readonly access?: ToolAccess;
  /** Per-tool default timeout; the registry's default applies when absent. */
  readonly timeoutMs?: number;
  execute(input: z.output<I>, ctx: ToolContext): Promise<z.input<O>>;
  /**
   * Optional: the answer this process already holds in memory, synchronously, else undefined. The
   * registry tries it before `execute`, so a cache hit pays no timer, race or promise chain. It
   * makes the same access checks as `execute` (throwing the same ToolErrors) and never does I/O.
   */
  cached?(input: z.output<I>, ctx: CachedToolContext): z.input<O> | undefined;
}

export type AnyTool = Tool<z.ZodType, z.ZodType>;

const TOOL_NAME = /^[a-z][a-z0-9_]{0,63}$/;

export function defineTool<I extends z.ZodType, O extends z.ZodType>(tool: Tool<I, O>): Tool<I, O> {
  if (!TOOL_NAME.test(tool.name)) {
    throw new Error(`Tool name ${JSON.stringify(tool.name)} must be snake_case, 1-64 characters`);
  }
  if (!tool.description.trim()) {
    throw new Error(`Tool ${tool.name} needs a description: planners choose tools by it`);
  }
  if (tool.title !== undefined && (!tool.title.trim() || tool.title.length > TOOL_TITLE_MAX_CHARS || /[\r\n]/.test(tool.title))) {
    throw new Error(`Tool ${tool.name}: a title must be one line of 1-${TOOL_TITLE_MAX_CHARS} characters, not blank`);
  }
  if (tool.annotations?.title !== undefined && tool.annotations.title !== tool.title) {
    throw new Error(`Tool ${tool.name}: give the title once, as title (the MCP export mirrors it into the annotations)`);
  }
  return Object.freeze({ ...tool, ...(tool.annotations ? { annotations: Object.freeze({ ...tool.annotations }) } : {}) });
}
