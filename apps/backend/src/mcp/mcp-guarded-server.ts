import { ProtocolError, ProtocolErrorCode, Server, type JSONRPCRequest, type Result, type ServerContext } from '@modelcontextprotocol/server';
import type { McpRequestScope } from './mcp-request-scope';

type Handler = (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result>;

/**
 * A server that tells the client's mistakes from ours. The SDK answers any error a handler throws
 * with that error's own message as -32603, and logs nothing: a failure of ours could send an
 * address or a query, and a request the SDK's schema check refuses looked like our fault.
 * - Reco's handlers (registered after construction) are guarded: anything but a ProtocolError is
 *   logged with the request id and answered with a generic -32603 naming only the id.
 * - What else a handler chain throws before our handler runs is the SDK's check of the request:
 *   -32602 with its message (which describes the request, not us).
 */
export class GuardedServer extends Server {
  constructor(
    private readonly scope: McpRequestScope,
    ...args: ConstructorParameters<typeof Server>
  ) {
    super(...args);
    // The base class has registered its built-ins (initialize, ping, discover); what comes now is ours.
    const register = this.setRequestHandler.bind(this) as (...args: unknown[]) => void;
    this.setRequestHandler = ((...args: unknown[]) => {
      const last = args.length - 1;
      const handler = args[last];
      if (typeof handler === 'function') args[last] = this.guarded(handler as (...a: unknown[]) => unknown);
      register(...args);
    }) as Server['setRequestHandler'];
  }

  protected override _wrapHandler(method: string, handler: Handler): Handler {
    const checked: Handler = async (request, ctx) => {
      try {
        return await handler(request, ctx);
      } catch (err) {
        if (err instanceof ProtocolError) throw err;
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, err instanceof Error ? err.message : `Invalid params for ${method}`);
      }
    };
    return super._wrapHandler(method, checked);
  }

  private guarded(handler: (...args: unknown[]) => unknown): (...args: unknown[]) => Promise<unknown> {
    return async (...args) => {
      try {
        return await handler(...args);
      } catch (err) {
        if (err instanceof ProtocolError) throw err;
        const { logger, requestId } = this.scope.callContext;
        logger?.error({ err, requestId }, 'MCP handler failed');
        throw new ProtocolError(ProtocolErrorCode.InternalError, `Internal error (request ${requestId}); the details are in the server's log`);
      }
    };
  }
}
