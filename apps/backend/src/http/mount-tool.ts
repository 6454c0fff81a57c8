import type { Request, RequestHandler } from 'express';
import type { z } from 'zod';
import { accessRefusal, type ToolRegistry } from '@reco/base-tools';
import type { ApiRoutes } from './api-routes';
import { HttpError } from './http-error';
import { invokeTool } from './invoke-tool';
import { callerOf } from './request-context';
import { httpIssuesOf, toolValuesOf, type ToolRouteContract } from './tool-route';
import { addRoute } from './typed-handler';

export interface MountToolOptions<I> {
  /** Refuses a caller before any work (e.g. a customer token asking for another customer). */
  authorize?: (input: I, req: Request) => void;
  before?: RequestHandler[];
}

/**
 * Mounts a tool route: a caller the tool's access rule leaves out gets 403; the request's
 * parameters, under their tool names, are parsed once with the tool's own schema (a 400 names the
 * URL fields), then the tool runs without parsing them again.
 */
export function mountTool<I extends z.ZodObject>(
  router: ApiRoutes,
  registry: ToolRegistry,
  contract: ToolRouteContract<I>,
  options: MountToolOptions<z.output<I>> = {},
): void {
  addRoute(router, contract, async (req) => {
    // The tool's own access rule, before the request is read; the registry holds it for every other door.
    const tool = registry.get(contract.tool);
    const refused = tool && accessRefusal(tool, callerOf(req));
    if (refused) throw HttpError.forbidden(refused.message);
    const parsed = contract.toolInput.safeParse(toolValuesOf(contract, req.params, req.query as Record<string, unknown>));
    if (!parsed.success) throw HttpError.badRequest(httpIssuesOf(contract, parsed.error));
    options.authorize?.(parsed.data, req);
    return invokeTool(registry, req, contract.tool, parsed.data);
  }, options.before ?? []);
}
