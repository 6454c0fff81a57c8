import cors from 'cors';
import { Router } from 'express';
import { HttpError } from '../http/http-error';
import { sendJson } from '../http/send-json';
import { protectedResourceMetadata, type OAuthResourceSettings } from './oauth-resource';

/** The metadata paths: RFC 9728's for the /mcp resource, and the root one MCP clients try next. */
export const OAUTH_METADATA_PATHS = ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource'] as const;

/**
 * Public protected-resource metadata (RFC 9728), from which MCP clients learn the authorization
 * server of /mcp; 404 when OAuth is not configured. Any origin may read it (browser-based MCP
 * clients fetch it cross-origin, and it holds nothing private), and caches may keep it briefly.
 */
export function oauthMetadataRoutes(settings: OAuthResourceSettings | undefined): Router {
  const router = Router();
  const document = settings ? protectedResourceMetadata(settings) : undefined;
  router.use([...OAUTH_METADATA_PATHS], cors({ origin: '*', methods: ['GET', 'HEAD'], maxAge: 600 }));
  router.get([...OAUTH_METADATA_PATHS], (_req, res, next) => {
    if (!document) return next(HttpError.notFound('OAuth is not configured on this server (OAUTH_ISSUER)'));
    res.setHeader('Cache-Control', 'public, max-age=300');
    sendJson(res, document);
  });
  return router;
}
