import type { RequestHandler } from 'express';
import { HttpError } from '../http/http-error';

/**
 * Where MCP requests may come from: DNS-rebinding protection, which the Streamable HTTP
 * transport requires ("Servers MUST validate the Origin header on all incoming connections…
 * If the Origin header is present and invalid, servers MUST respond with HTTP 403 Forbidden",
 * MCP specification 2025-11-25, Transports, Security Warning). A rebinding page reaches us under
 * its own host name, so the Host header is checked too.
 */
export interface McpOriginPolicy {
  /** Host names requests may be addressed to: lower case, no port, IPv6 in brackets. */
  hosts: ReadonlySet<string>;
  /** Browser origins (`scheme://host[:port]`) allowed besides pages served under an allowed host. */
  origins: ReadonlySet<string>;
}

export interface McpOriginSettings {
  HOST: string;
  MCP_ALLOWED_HOSTS?: string;
  CORS_ORIGINS?: string;
}

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
const ANY_INTERFACE = new Set(['0.0.0.0', '::', '[::]']);

/**
 * Hosts: loopback names, HOST when it names one interface (not 0.0.0.0 or ::), and
 * MCP_ALLOWED_HOSTS. Origins: CORS_ORIGINS, plus any page under an allowed host. A deployment
 * reached under a DNS name (behind a load balancer) names it in MCP_ALLOWED_HOSTS; until then
 * its MCP clients get 403 naming the setting, rather than the endpoint being open to rebinding.
 */
export function mcpOriginPolicy(settings: McpOriginSettings): McpOriginPolicy {
  const hosts = new Set(LOOPBACK_HOSTS);
  const bound = bracketed(settings.HOST.trim().toLowerCase());
  if (bound && !ANY_INTERFACE.has(bound)) hosts.add(bound);
  for (const host of listOf(settings.MCP_ALLOWED_HOSTS)) hosts.add(bracketed(host.toLowerCase()));
  const origins = new Set<string>();
  for (const origin of listOf(settings.CORS_ORIGINS)) {
    const parsed = parseOrigin(origin);
    if (parsed) origins.add(parsed.origin);
  }
  return { hosts, origins };
}

/** What /mcp allows when it is given no settings: loopback only. */
export const LOOPBACK_ONLY: McpOriginPolicy = mcpOriginPolicy({ HOST: '127.0.0.1' });

/** 403 FORBIDDEN for a request addressed to a host, or sent from a browser origin, the policy does not allow. */
export function mcpOriginGuard(policy: McpOriginPolicy): RequestHandler {
  return (req, _res, next) => {
    const host = hostnameOf(req.headers.host);
    if (!host || !policy.hosts.has(host)) {
      return next(HttpError.forbidden(`Host ${JSON.stringify(req.headers.host ?? '')} is not allowed at /mcp (DNS-rebinding protection): name it in MCP_ALLOWED_HOSTS`));
    }
    const origin = req.headers.origin;
    // Non-browser clients send no Origin; a browser always does on a cross-origin POST.
    if (origin !== undefined) {
      const parsed = parseOrigin(origin);
      if (!parsed || !(policy.origins.has(parsed.origin) || policy.hosts.has(parsed.hostname))) {
        return next(HttpError.forbidden(`Origin ${JSON.stringify(origin)} is not allowed at /mcp: name it in CORS_ORIGINS`));
      }
    }
    next();
  };
}

// A host name or bracketed IPv6 address, then an optional port: nothing else belongs in Host.
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::\d{1,5})?$/i;

function hostnameOf(header: string | undefined): string | undefined {
  const match = header ? HOST_HEADER.exec(header) : null;
  return match?.[1]?.toLowerCase();
}

function parseOrigin(value: string): { origin: string; hostname: string } | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return { origin: url.origin, hostname: url.hostname };
  } catch {
    return undefined;
  }
}

function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** `::1` → `[::1]`: IPv6 as it appears in a Host header. */
function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
