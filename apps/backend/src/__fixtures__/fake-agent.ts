import { randomUUID } from 'node:crypto';
import type { AgentEvent, ChatResult } from '@reco/agent';
import type { Caller, ScoredProduct, ToolRegistry } from '@reco/base-tools';
import type { AgentFactory, ChatAgent } from '../services/app-services';

type Event = AgentEvent;

/**
 * A stand-in for @reco/agent's factory with its event protocol: plans two or three tool calls,
 * runs them concurrently through the registry with the shopper's caller, answers.
 */
export function fakeAgentFactory(registry: ToolRegistry): AgentFactory {
  return ({ sessionId, userId, caller }) => {
    const run = async (message: string, emit: (e: Event) => void, signal?: AbortSignal): Promise<ChatResult> => {
      const calls: { name: string; args: Record<string, unknown> }[] = [
        { name: 'search_products', args: { query: message.split(/\s+/).find((w) => w.length > 3) ?? message, limit: 3 } },
        { name: 'get_popular_products', args: { k: 3 } },
      ];
      if (userId) calls.push({ name: 'get_recommendations', args: { userId, k: 3 } });
      emit({ type: 'plan', step: 1, planner: 'rules', calls });
      const started = performance.now();
      const results = await Promise.all(
        calls.map(async (call) => {
          const id = randomUUID();
          emit({ type: 'tool_start', id, name: call.name, args: call.args });
          const result = await registry.invoke<{ items?: ScoredProduct[] }>(call.name, call.args, { caller: caller as Caller, signal });
          emit({ type: 'tool_end', id, name: call.name, ok: result.ok, ms: result.ms, ...(result.ok ? {} : { error: result.error }) });
          return { ...call, ok: result.ok, ms: result.ms, data: result.ok ? result.data : undefined };
        }),
      );
      const all = results.flatMap((r) => r.data?.items ?? []);
      const products = all.filter((p, i) => all.findIndex((q) => q.productId === p.productId) === i).slice(0, 4);
      const answer = `Here are some ideas: ${products.map((p) => p.description.toLowerCase()).join(', ')}.`;
      const result: ChatResult = {
        sessionId,
        answer,
        products,
        toolCalls: results.map(({ name, args, ok, ms }) => ({ name, args, ok, ms })),
        timings: { totalMs: performance.now() - started, toolsWallMs: performance.now() - started, slowestToolMs: Math.max(...results.map((r) => r.ms)) },
        planner: 'rules',
        intents: ['search'],
        sections: [{ intent: 'search', text: answer }],
      };
      emit({ type: 'answer', result });
      return result;
    };
    const agent: ChatAgent = {
      chat: (message, options) => run(message, () => undefined, options?.signal),
      chatStream(message, options) {
        const queue: Event[] = [];
        let wake: (() => void) | undefined;
        let done = false;
        let failure: unknown;
        run(message, (e) => {
          queue.push(e);
          wake?.();
        }, options?.signal).then(
          () => {
            done = true;
            wake?.();
          },
          (err: unknown) => {
            failure = err;
            done = true;
            wake?.();
          },
        );
        const iterator: AsyncIterableIterator<Event> = {
          async next() {
            for (;;) {
              const next = queue.shift();
              if (next) return { value: next, done: false };
              if (failure) throw failure;
              if (done) return { value: undefined, done: true };
              await new Promise<void>((r) => (wake = r));
            }
          },
          [Symbol.asyncIterator]() {
            return iterator;
          },
        };
        return iterator;
      },
    };
    return agent;
  };
}
