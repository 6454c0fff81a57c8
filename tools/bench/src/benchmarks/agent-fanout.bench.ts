import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { createHybridAgentFactory, InMemorySessionStore } from '@reco/agent';
import {
  CustomerIdSchema,
  CustomerSegmentSchema,
  defineTool,
  RecommendationListSchema,
  ScoredProductListSchema,
  ToolRegistry,
  toToolProduct,
  type ScoredProduct,
} from '@reco/base-tools';
import { defineBenchmark } from '../benchmark';
import { round, summarize } from '../stats';

const TARGET = 1.1;
const RUNS = 5;
const USER = '17850';
// Needs get_recommendations, get_user_segment and get_popular_products: one step of three calls.
const MESSAGE = "recommend me something under £5, show my segment and what's popular in France";
const LOADER_MS = { get_recommendations: 100, get_user_segment: 150, get_popular_products: 200 };

const catalogued = { description: null, currency: 'GBP', categories: [], tags: [], available: true, recommendable: true, imageUrl: null, url: null };
const product = (productId: string, description: string, unitPrice: number, reason: string): ScoredProduct => ({
  ...toToolProduct({ ...catalogued, id: productId, title: description, price: unitPrice, typicalPrice: unitPrice }), score: 1, reason,
});

/** Stand-ins whose loaders just wait, as a database or model call would, honouring the abort signal. */
function registry(): ToolRegistry {
  const wait = (name: keyof typeof LOADER_MS, signal: AbortSignal) => sleep(LOADER_MS[name], undefined, { signal });
  return new ToolRegistry().register(
    defineTool({
      name: 'get_recommendations',
      description: 'Products picked for the customer',
      input: z.object({ userId: CustomerIdSchema, k: z.number().int(), excludePurchased: z.boolean().optional(), maxPrice: z.number().optional() }),
      output: RecommendationListSchema,
      execute: async ({ userId }, ctx) => {
        await wait('get_recommendations', ctx.signal);
        return { userId, strategy: 'model', modelVersion: 'bench', items: [product('23084', 'RABBIT NIGHT LIGHT', 2.08, 'model')], recommendationId: randomUUID() };
      },
    }),
    defineTool({
      name: 'get_user_segment',
      description: 'The customer RFM segment',
      input: z.object({ userId: CustomerIdSchema }),
      output: CustomerSegmentSchema,
      execute: async ({ userId }, ctx) => {
        await wait('get_user_segment', ctx.signal);
        return {
          customerId: userId, segment: 'champions' as const, cluster: null, computedAt: new Date().toISOString(),
          rfm: { recencyDays: 3, frequency: 34, monetary: 5391.21, r: 5, f: 5, m: 5 },
        };
      },
    }),
    defineTool({
      name: 'get_popular_products',
      description: 'Best sellers, optionally in one country',
      input: z.object({ k: z.number().int(), country: z.string().optional() }),
      output: ScoredProductListSchema,
      execute: async (_input, ctx) => {
        await wait('get_popular_products', ctx.signal);
        return { items: [product('22423', 'REGENCY CAKESTAND 3 TIER', 12.75, 'popular')] };
      },
    }),
  );
}

export default defineBenchmark({
  name: 'agent-fanout',
  description: 'Agent turn needing three tools (100/150/200 ms): wall time vs the slowest tool, and vs running them in sequence',
  async run() {
    const tools = registry();
    const createAgent = createHybridAgentFactory({ registry: tools, sessionStore: new InMemorySessionStore(), turnDeadlineMs: 5_000 });
    const caller = { kind: 'customer' as const, customerId: USER };

    const concurrent: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const agent = createAgent({ sessionId: `bench-${i}`, userId: USER });
      const started = performance.now();
      const result = await agent.chat(MESSAGE);
      const ms = performance.now() - started;
      const names = result.toolCalls.map((c) => c.name).sort();
      if (names.join() !== Object.keys(LOADER_MS).sort().join() || result.toolCalls.some((c) => !c.ok)) {
        throw new Error(`The turn did not run the three tools: ${JSON.stringify(result.toolCalls)}`);
      }
      if (i > 0) concurrent.push(ms); // the first turn warms up zod and the JIT
    }

    // The same three calls, one after another, as the replaced design ran them.
    const sequential: number[] = [];
    for (let i = 0; i < 2; i++) {
      const started = performance.now();
      await tools.invoke('get_recommendations', { userId: USER, k: 5, excludePurchased: true, maxPrice: 5 }, { caller });
      await tools.invoke('get_user_segment', { userId: USER }, { caller });
      await tools.invoke('get_popular_products', { k: 5, country: 'France' }, { caller });
      sequential.push(performance.now() - started);
    }

    const slowestToolMs = Math.max(...Object.values(LOADER_MS));
    const concurrentMs = summarize(concurrent).p50;
    const sequentialMs = Math.min(...sequential);
    console.log(`agent turn, three tools at once: ${round(concurrentMs, 1)} ms (median of ${RUNS}); slowest tool ${slowestToolMs} ms`);
    console.log(`same three tools in sequence:    ${round(sequentialMs, 1)} ms`);
    const ratio = concurrentMs / slowestToolMs;
    return {
      bench: 'agent-fanout',
      concurrentMs: round(concurrentMs, 1),
      sequentialMs: round(sequentialMs, 1),
      slowestToolMs,
      concurrentOverSlowest: round(ratio, 3),
      sequentialOverConcurrent: round(sequentialMs / concurrentMs, 2),
      target: TARGET,
      pass: ratio <= TARGET,
    };
  },
});
