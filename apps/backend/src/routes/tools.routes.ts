import type { ApiRoutes } from '../http/api-routes';
import { describeTool, TOOL_ERROR_HTTP_STATUS, type ToolRegistry } from '@reco/base-tools';
import { callerOf, toolContextFor } from '../http/request-context';

/**
 * The tool registry over HTTP: list (the tools this caller may call, with JSON schemas), invoke
 * with a JSON body. The registry applies each tool's access rule, as it does for every door.
 */
export function toolsRoutes(router: ApiRoutes, registry: ToolRegistry): void {

  router.get('/tools', (req, res) => {
    res.json({ tools: registry.listFor(callerOf(req)).map(describeTool) });
  });

  router.post('/tools/:name', async (req, res) => {
    const result = await registry.invoke(String(req.params['name']), req.body ?? {}, toolContextFor(req));
    const retryAfter = result.ok ? undefined : (result.error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    res.status(result.ok ? 200 : TOOL_ERROR_HTTP_STATUS[result.error.code]).json(result);
  });
}
