import type { Request } from 'express';
import type { ToolRegistry } from '@reco/base-tools';
import { assertCanReadCustomer } from '../auth/authenticate';
import { placementRecommendations } from '../contracts/placements.contracts';
import type { ApiRoutes } from '../http/api-routes';
import { HttpError } from '../http/http-error';
import { mountTool } from '../http/mount-tool';
import { callerOf } from '../http/request-context';

// A customer token reaches only its own id, and only staff keys preview (a shopper's page would
// hide its exposures from the experiment): refused here before any work, and again by the tool.
const placementAccess = {
  authorize: ({ userId, preview }: { userId?: string; preview?: boolean }, req: Request) => {
    if (userId !== undefined) assertCanReadCustomer(req, userId);
    const kind = callerOf(req).kind;
    if (preview && kind !== 'service' && kind !== 'admin') throw HttpError.forbidden('preview=true needs a service or admin key');
  },
};

/** The lists pages ask for by placement: one tool call, so MCP and the agent reach the same through the registry. */
export function placementsRoutes(router: ApiRoutes, registry: ToolRegistry): void {
  mountTool(router, registry, placementRecommendations, placementAccess);
}
