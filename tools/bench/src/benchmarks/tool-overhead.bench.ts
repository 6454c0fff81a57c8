import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { defineTool, ToolRegistry } from '@reco/base-tools';
import { defineBenchmark } from '../benchmark';
import { round } from '../stats';

const ITERATIONS = 50_000;
const TARGET_OVERHEAD_US = 25;

// A realistic small input: what get_recommendations takes.
const input = { userId: '17850', k: 20, excludePurchased: true, maxPrice: 10 };
const tool = defineTool({
  name: 'bench_tool',
  description: 'Returns a constant list',
  input: z.object({
    userId: z.string().min(1),
    k: z.number().int().min(1).max(100),
    excludePurchased: z.boolean().optional(),
    maxPrice: z.number().positive().optional(),
  }),
  output: z.object({ items: z.array(z.object({ productId: z.string(), score: z.number() })) }),
  execute: async ({ k }) => ({ items: Array.from({ length: Math.min(k, 3) }, (_, i) => ({ productId: `P${i}`, score: 1 / (i + 1) })) }),
});

async function perCallMicros(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 2_000; i++) await fn(); // warm up the JIT
  const started = performance.now();
  for (let i = 0; i < ITERATIONS; i++) await fn();
  return ((performance.now() - started) * 1_000) / ITERATIONS;
}

export default defineBenchmark({
  name: 'tool-overhead',
  description: 'Cost of ToolRegistry.invoke (validation, timeout, envelope) over calling the tool directly',
  async run() {
    const registry = new ToolRegistry().register(tool);
    const ctx = { signal: new AbortController().signal, requestId: 'bench', caller: { kind: 'anonymous' as const }, logger: undefined as never, reportProgress: () => undefined };
    const direct = await perCallMicros(() => tool.execute(tool.input.parse(input), ctx));
    const viaRegistry = await perCallMicros(() => registry.invoke('bench_tool', input, { requestId: 'bench' }));
    const direct2 = await perCallMicros(() => tool.execute(tool.input.parse(input), ctx));
    const directUs = Math.min(direct, direct2);
    const overheadUs = viaRegistry - directUs;
    return {
      bench: 'tool-overhead',
      iterations: ITERATIONS,
      directUsPerCall: round(directUs, 2),
      invokeUsPerCall: round(viaRegistry, 2),
      overheadUsPerCall: round(overheadUs, 2),
      target: TARGET_OVERHEAD_US,
      pass: overheadUs <= TARGET_OVERHEAD_US,
    };
  },
});
