import type { Request, RequestHandler } from 'express';
import type { z } from 'zod';
import type { ToolRegistry } from '@reco/base-tools';
import type { ApiRoutes } from './api-routes';
import { HttpError } from './http-error';
import { invokeTool } from './invoke-tool';
import { httpIssuesOf, toolValuesOf, type ToolRouteContract } from './tool-route';
import { addRoute } from './typed-handler';

export interface MountToolOptions<I> {
  /** Refuses a caller before any work (e.g. a customer token asking for another customer). */
  authorize?: (input: I, req: Request) => void;
  before?: RequestHandler[];
}

/**
 * Mounts a tool route: the request's parameters, under their tool names, are parsed once with the
 * tool's own schema (a 400 names the URL fields), then the tool runs without parsing them again.
 */
export function mountTool<I extends z.ZodObject>(
  router: ApiRoutes,
  registry: ToolRegistry,
  contract: ToolRouteContract<I>,
  options: MountToolOptions<z.output<I>> = {},
): void {
  addRoute(router, contract, async (req) => {
    const parsed = contract.toolInput.safeParse(toolValuesOf(contract, req.params, req.query as Record<string, unknown>));
    if (!parsed.success) throw HttpError.badRequest(httpIssuesOf(contract, parsed.error));
    options.authorize?.(parsed.data, req);
    return invokeTool(registry, req, contract.tool, parsed.data);
  }, options.before ?? []);
}
