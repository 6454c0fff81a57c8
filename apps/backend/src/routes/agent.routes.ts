import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { SessionAccessError } from '@reco/agent';
import type { ApiRoutes } from '../http/api-routes';
import { agentChat, agentChatStream } from '../contracts/agent.contracts';
import { assertCanReadCustomer } from '../auth/authenticate';
import { toHttpError } from '../http/error-handler';
import { HttpError } from '../http/http-error';
import { callerOf } from '../http/request-context';
import { mount } from '../http/typed-handler';
import type { AppServices, ChatAgent } from '../services/app-services';

/** The shopping assistant: one turn as JSON, or as server-sent events while it runs. */
export function agentRoutes(router: ApiRoutes, services: AppServices): void {

  mount(router, agentChat, async ({ body, req }) => {
    const { agent } = await agentFor(services, req, body);
    try {
      return await agent.chat(body.message, { signal: abortOnClose(req) });
    } catch (err) {
      throw agentError(err, String(req.id));
    }
  });

  mount(router, agentChatStream, async ({ body, req, res }) => {
    const { agent } = await agentFor(services, req, body);
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store, no-transform'); // a customer's conversation
    res.setHeader('X-Accel-Buffering', 'no'); // proxies must not hold events back
    res.flushHeaders();
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    try {
      for await (const event of agent.chatStream(body.message, { signal: abortOnClose(req) })) send(event.type, event);
    } catch (err) {
      const error = agentError(err, String(req.id));
      if (error.status >= 500) req.log?.error({ err }, 'agent stream failed');
      // Typed like every other event, so a client can switch on `type` alone.
      send('error', { type: 'error', ...error.toBody() });
    }
    res.end();
    return undefined;
  });
}

async function agentFor(services: AppServices, req: Request, body: { sessionId?: string; userId?: string }): Promise<{ agent: ChatAgent }> {
  const caller = callerOf(req);
  // A customer talks as themself; staff keys may act for a named shopper or none.
  const userId = caller.kind === 'customer' ? (body.userId ?? caller.customerId) : body.userId;
  if (userId) assertCanReadCustomer(req, userId);
  const factory = await services.agentFactory();
  if (!factory) throw HttpError.unavailable('The shopping assistant is not available on this server yet');
  const agent = factory({ sessionId: body.sessionId ?? randomUUID(), userId, caller, requestId: String(req.id) });
  return { agent };
}

function abortOnClose(req: Request): AbortSignal {
  const controller = new AbortController();
  req.res?.on('close', () => {
    if (!req.res?.writableFinished) controller.abort(new Error('The client went away'));
  });
  return controller.signal;
}

function agentError(err: unknown, requestId?: string): HttpError {
  // The session belongs to another customer.
  if (err instanceof SessionAccessError) return HttpError.forbidden(err.message);
  // A database or cache outage is a 503 like anywhere else; the rest the assistant's own 500, logged.
  const mapped = toHttpError(err, requestId);
  return mapped.status === 500 ? new HttpError(500, 'INTERNAL', 'The assistant failed to answer', undefined, { cause: err }) : mapped;
}
