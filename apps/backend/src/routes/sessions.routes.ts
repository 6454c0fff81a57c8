import type { ToolRegistry } from '@reco/base-tools';
import { sessionRecommendations } from '../contracts/sessions.contracts';
import type { ApiRoutes } from '../http/api-routes';
import { mountTool } from '../http/mount-tool';

/** Anonymous visitors' routes: each one tool call, which decides who may ask. */
export function sessionsRoutes(router: ApiRoutes, registry: ToolRegistry): void {
  mountTool(router, registry, sessionRecommendations);
}
