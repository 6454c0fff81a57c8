import type { AppConfig } from '@reco/runtime';

/**
 * Reco's scopes: an access token is a caller only through one of them (admin, service, or one
 * customer), never by default, since some authorization servers grant any scope or `sub` a user asks for.
 */
export const OAUTH_ADMIN_SCOPE = 'reco:admin';
export const OAUTH_STAFF_SCOPE = 'reco:staff';
export const OAUTH_CUSTOMER_SCOPE = 'reco:customer';
export const DEFAULT_OAUTH_SCOPES: readonly string[] = [OAUTH_CUSTOMER_SCOPE, OAUTH_STAFF_SCOPE, OAUTH_ADMIN_SCOPE];

/** /mcp as an OAuth 2.1 protected resource (the MCP authorization spec): whose tokens it takes, and what it is called. */
export interface OAuthResourceSettings {
  /** The authorization server's issuer, exactly as its tokens carry it in `iss`. */
  issuer: string;
  /** The canonical URL of this server's /mcp: the audience (RFC 8707) every access token must name. */
  resource: string;
  /** The authorization server's key set; absent: discovered from the issuer's metadata. */
  jwksUrl?: string;
  /** `scopes_supported` of the metadata. */
  scopes: readonly string[];
  /** The claim of a `reco:customer` token that holds the shop's customer id (OAUTH_CUSTOMER_CLAIM). */
  customerClaim: string;
  /** Take only RFC 9068 access tokens (`typ: at+jwt`), not an ID token or other JWT of the server (OAUTH_REQUIRE_AT_JWT). */
  requireAccessTokenType: boolean;
}

/** The settings when OAUTH_ISSUER is set (the config then guarantees OAUTH_RESOURCE); undefined: OAuth is off. */
export function oauthSettingsFrom(config: AppConfig): OAuthResourceSettings | undefined {
  if (!config.OAUTH_ISSUER || !config.OAUTH_RESOURCE) return undefined;
  return {
    issuer: config.OAUTH_ISSUER,
    resource: config.OAUTH_RESOURCE,
    jwksUrl: config.OAUTH_JWKS_URL,
    scopes: config.OAUTH_SCOPES ?? DEFAULT_OAUTH_SCOPES,
    customerClaim: config.OAUTH_CUSTOMER_CLAIM ?? 'sub',
    requireAccessTokenType: config.OAUTH_REQUIRE_AT_JWT ?? true,
  };
}

/**
 * Where the resource's metadata lives (RFC 9728 §3.1): the well-known name between the host and
 * the resource's path, so `https://reco.example.com/mcp` has it at
 * `https://reco.example.com/.well-known/oauth-protected-resource/mcp`. Built from the configured
 * resource, never from a request's Host header, which a client chooses.
 */
export function protectedResourceMetadataUrl(resource: string): string {
  const url = new URL(resource);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return `${url.origin}/.well-known/oauth-protected-resource${path}`;
}

/** The protected-resource metadata document (RFC 9728 §2) MCP clients read to find the authorization server. */
export function protectedResourceMetadata(settings: OAuthResourceSettings) {
  return {
    resource: settings.resource,
    authorization_servers: [settings.issuer],
    bearer_methods_supported: ['header'],
    scopes_supported: [...settings.scopes],
    resource_name: 'Reco',
    resource_documentation: new URL('/docs', settings.resource).href,
  };
}

/**
 * The `WWW-Authenticate` challenge of a 401 (RFC 6750 §3, RFC 9728 §5.1). With OAuth it names the
 * metadata, and `invalid_token` when a credential was presented and refused.
 */
export function bearerChallenge(settings: OAuthResourceSettings | undefined, credentialRefused: boolean): string {
  if (!settings) return 'Bearer realm="reco"';
  const error = credentialRefused ? ', error="invalid_token"' : '';
  return `Bearer realm="reco", resource_metadata="${protectedResourceMetadataUrl(settings.resource)}"${error}`;
}

/**
 * The challenge of a 403 for a valid token without any of Reco's scopes (RFC 6750 §3.1, the MCP
 * authorization spec's scope challenge): the least scope that would do among those the metadata
 * offers (a deployment may offer no customer scope), and where to read the rest.
 */
export function insufficientScopeChallenge(settings: OAuthResourceSettings): string {
  const least = [OAUTH_CUSTOMER_SCOPE, OAUTH_STAFF_SCOPE, OAUTH_ADMIN_SCOPE].find((scope) => settings.scopes.includes(scope)) ?? OAUTH_CUSTOMER_SCOPE;
  return `Bearer error="insufficient_scope", scope="${least}", resource_metadata="${protectedResourceMetadataUrl(settings.resource)}"`;
}
