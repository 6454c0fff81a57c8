import type { Request } from 'express';
import { TOOL_ERROR_HTTP_STATUS, type ToolRegistry } from '@reco/base-tools';
import { HttpError } from './http-error';
import { toolContextFor } from './request-context';

/**
 * Runs a tool by name for the request's caller and returns its data; a failed envelope becomes
 * the matching HTTP error. A tool that is not registered (its lib is not wired yet) is a 503.
 */
export async function invokeTool<T>(registry: ToolRegistry, req: Request, name: string, input: unknown): Promise<T> {
  if (!registry.has(name)) throw HttpError.unavailable(`The ${name} tool is not available on this server`, { tool: name });
  const result = await registry.invoke<T>(name, input, toolContextFor(req));
  if (result.ok) return result.data;
  const { code, message, details } = result.error;
  throw new HttpError(TOOL_ERROR_HTTP_STATUS[code], code, message, details);
}
