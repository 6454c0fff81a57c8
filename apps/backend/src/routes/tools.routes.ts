import type { ApiRoutes } from '../http/api-routes';
import { describeTool, TOOL_ERROR_HTTP_STATUS, type ToolRegistry } from '@reco/base-tools';
import { toolContextFor } from '../http/request-context';

/** The tool registry over HTTP: list with JSON schemas, invoke with a JSON body. */
export function toolsRoutes(router: ApiRoutes, registry: ToolRegistry): void {

  router.get('/tools', (_req, res) => {
    res.json({ tools: registry.list().map(describeTool) });
  });

  router.post('/tools/:name', async (req, res) => {
    const result = await registry.invoke(String(req.params['name']), req.body ?? {}, toolContextFor(req));
    res.status(result.ok ? 200 : TOOL_ERROR_HTTP_STATUS[result.error.code]).json(result);
  });
}
