import express, { type NextFunction, type Request, type Response } from 'express';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Caller, ToolRegistry } from '@reco/base-tools';
import { errorHandler } from '../../http/error-handler';
import { startServer, type RunningServer } from '../../server';
import { mcpEndpoint } from '../mcp-endpoint';
import { mcpErrorHandler } from '../mcp-errors';
import type { McpSurfacePart } from '../mcp-server-factory';

// Clients for the MCP specs of resources, prompts and completion: the 1.x SDK's client (the 2025
// era, a client nobody on the project wrote) and plain HTTP requests as a 2026-07-28 client sends them.

export const MODERN = '2026-07-28';

/** `use` with a 2025-era client of `url`/mcp connected with this bearer credential, closed after. */
export async function withLegacyClient<T>(url: string, credential: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ name: 'reco-spec', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${credential}` } } }));
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

export interface JsonRpcError {
  code: number;
  message: string;
  data?: Record<string, unknown>;
}

export interface ModernAnswer<R> {
  status: number;
  result?: R;
  error?: JsonRpcError;
}

/** The 2026-07-28 envelope a client puts in every request's `_meta`. */
export const CLIENT_META = {
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientInfo': { name: 'reco-spec', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

/**
 * One stateless 2026-07-28 request: the method in `Mcp-Method`, the name (or URI) in `Mcp-Name`
 * for the methods that carry one, the protocol envelope in `_meta`.
 */
// Results are read loosely: each test asserts the shape it expects.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function modern<R = any>(url: string, key: string, method: string, params: Record<string, unknown> = {}, name?: string): Promise<ModernAnswer<R>> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${key}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': MODERN,
    'mcp-method': method,
    ...(name === undefined ? {} : { 'mcp-name': name }),
  };
  const res = await fetch(`${url}/mcp`, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: { ...params, _meta: CLIENT_META } }) });
  const message = lastJsonRpcMessage<{ result?: R; error?: JsonRpcError }>(await res.text());
  return { status: res.status, result: message.result, error: message.error };
}

/**
 * The JSON-RPC message an answer ends with: the body itself, or the last event of an SSE stream
 * (a 2025-era answer without a session; notifications such as progress come before it).
 */
export function lastJsonRpcMessage<T = unknown>(body: string): T {
  const isStream = body.startsWith('event:') || body.startsWith('data:');
  const data = isStream ? body.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).at(-1) : body;
  return JSON.parse(data ?? '') as T;
}

/**
 * /mcp with only these parts, for a caller set outright (an anonymous caller cannot pass the
 * app's authentication; paging needs a small page), on 127.0.0.1.
 */
export async function mountedMcp(registry: ToolRegistry, caller: Caller, parts: McpSurfacePart[], options: { pageSize?: number } = {}): Promise<RunningServer> {
  const app = express();
  app.use(
    '/mcp',
    (req: Request, _res: Response, next: NextFunction) => {
      Object.assign(req, { caller });
      next();
    },
    mcpEndpoint(registry, { parts, ...options }),
    mcpErrorHandler,
  );
  app.use(errorHandler);
  return startServer(app, '127.0.0.1', 0);
}
