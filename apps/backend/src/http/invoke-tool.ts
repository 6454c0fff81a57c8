import type { Request } from 'express';
import { TOOL_ERROR_HTTP_STATUS, type InvokeOptions, type ToolRegistry } from '@reco/base-tools';
import { HttpError } from './http-error';
import { toolContextFor } from './request-context';

// The route parsed the input with the tool's own schema: the registry need not parse it again.
const ALREADY_PARSED: InvokeOptions = { inputParsed: true };

/**
 * Runs a tool by name for the request's caller on input already parsed with the tool's schema,
 * and returns its data; a failed envelope becomes the matching HTTP error. A tool that is not
 * registered (its lib is not wired yet) is a 503.
 */
export async function invokeTool<T>(registry: ToolRegistry, req: Request, name: string, parsedInput: unknown): Promise<T> {
  if (!registry.has(name)) throw HttpError.unavailable(`The ${name} tool is not available on this server`, { tool: name });
  const result = await registry.invoke<T>(name, parsedInput, toolContextFor(req), ALREADY_PARSED);
  if (result.ok) return result.data;
  const { code, message, details } = result.error;
  throw new HttpError(TOOL_ERROR_HTTP_STATUS[code], code, message, details);
}
