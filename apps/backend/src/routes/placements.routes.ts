import type { Request } from 'express';
import type { ToolRegistry } from '@reco/base-tools';
import { assertCanReadCustomer } from '../auth/authenticate';
import { placementRecommendations } from '../contracts/placements.contracts';
import type { ApiRoutes } from '../http/api-routes';
import { mountTool } from '../http/mount-tool';

// A customer token reaches only its own id: refused here before any work, and again by the tool.
const ownCustomer = {
  authorize: ({ userId }: { userId?: string }, req: Request) => {
    if (userId !== undefined) assertCanReadCustomer(req, userId);
  },
};

/** The lists pages ask for by placement: one tool call, so MCP and the agent reach the same through the registry. */
export function placementsRoutes(router: ApiRoutes, registry: ToolRegistry): void {
  mountTool(router, registry, placementRecommendations, ownCustomer);
}
