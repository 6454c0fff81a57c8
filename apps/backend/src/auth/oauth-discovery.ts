import { z } from 'zod';

const ServerMetadataSchema = z.object({ issuer: z.string(), jwks_uri: z.url({ protocol: /^https?$/ }) });

/**
 * Where an issuer's metadata may live, in the order MCP clients try them: RFC 8414's
 * `oauth-authorization-server`, then OpenID Connect's `openid-configuration` (for an issuer with a
 * path: the well-known name inserted before it, then OIDC's appended after it).
 */
export function metadataUrlsOf(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  const urls = [`${url.origin}/.well-known/oauth-authorization-server${path}`, `${url.origin}/.well-known/openid-configuration${path}`];
  if (path) urls.push(`${url.origin}${path}/.well-known/openid-configuration`);
  return urls;
}

/**
 * The issuer's `jwks_uri`, from the first of its metadata documents that exists. The document
 * must name the same issuer (RFC 8414 §3.3) and a key set over https (http only on loopback).
 * Throws, naming what went wrong, when none can be read: the caller logs it and answers 503.
 */
export async function discoverJwksUrl(issuer: string, timeoutMs: number): Promise<string> {
  const missing: string[] = [];
  for (const url of metadataUrlsOf(issuer)) {
    const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) {
      missing.push(`${url}: ${res.status}`);
      await res.body?.cancel();
      continue;
    }
    const parsed = ServerMetadataSchema.safeParse(await res.json());
    if (!parsed.success) throw new Error(`${url} is no authorization server metadata with a jwks_uri: ${parsed.error.message}`);
    if (parsed.data.issuer !== issuer) throw new Error(`${url} names the issuer ${JSON.stringify(parsed.data.issuer)}, not ${JSON.stringify(issuer)}`);
    const jwks = new URL(parsed.data.jwks_uri);
    if (jwks.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(jwks.hostname)) {
      throw new Error(`${url} names a key set over plain http (${jwks.href}): https is required`);
    }
    return jwks.href;
  }
  throw new Error(`no authorization server metadata for ${issuer}: ${missing.join('; ')}`);
}
