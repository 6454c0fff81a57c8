import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ToolRegistry } from '@reco/base-tools';
import type { Product } from '@reco/data';
import { createSearchProductsTool, InProcessSearchIndex } from '@reco/search-tools';
import { defineBenchmark } from '../benchmark';
import { productsOf } from '../search/retail-products';
import { round, summarize } from '../stats';
import { DEFAULT_DATASET } from './import-bench';

const TARGETS = { catalogueP50Ms: 5, catalogueP99Ms: 20, largeP50Ms: 20 };
const LARGE_CATALOGUE = 100_000;
const CATALOGUE_CALLS = 3_000;
const LARGE_CALLS = 600;
const WARMUP_CALLS = 200;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 100,000 plausible products: real descriptions with words swapped for other real words. */
function generateCatalogue(real: readonly Product[], size: number, random: () => number): Product[] {
  const vocabulary = [...new Set(real.flatMap((p) => p.title.split(/\s+/)).filter((w) => /^[A-Z]{3,}$/.test(w)))];
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  return Array.from({ length: size }, (_, i) => {
    const base = pick(real);
    const words = base.title.split(/\s+/);
    const swaps = 1 + Math.floor(random() * 2);
    for (let s = 0; s < swaps; s++) words[Math.floor(random() * words.length)] = pick(vocabulary);
    if (random() < 0.5) words.unshift(pick(vocabulary));
    const price = round(base.price * (0.5 + random()), 2);
    return { ...base, id: `G${String(i).padStart(6, '0')}`, title: words.join(' '), price, typicalPrice: price };
  });
}

interface BenchQuery {
  query: string;
  minPrice?: number;
  maxPrice?: number;
  limit?: number;
  offset?: number;
}

/**
 * What shoppers and the planner send: 1-3 words of real names, some misspelt, some cut short,
 * some plural, some with a price bound or a second page, a few stock codes.
 */
function queryMix(products: readonly Product[], count: number, random: () => number): BenchQuery[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const typo = (w: string) => {
    if (w.length < 5) return w;
    const i = 1 + Math.floor(random() * (w.length - 2));
    return random() < 0.5 ? w.slice(0, i) + w.slice(i + 1) : w.slice(0, i) + 'aeiou'[Math.floor(random() * 5)] + w.slice(i + 1);
  };
  return Array.from({ length: count }, () => {
    const p = pick(products);
    const r = random();
    if (r < 0.05) return { query: p.id };
    const words = p.title.toLowerCase().split(/\s+/).filter((w) => /^[a-z]{2,}$/.test(w));
    const start = Math.floor(random() * Math.max(1, words.length - 1));
    let q = words.slice(start, start + 1 + Math.floor(random() * 3));
    if (r < 0.25) q = q.map(typo);
    else if (r < 0.4) q = q.map((w, i) => (i === q.length - 1 && w.length > 4 ? w.slice(0, 3 + Math.floor(random() * (w.length - 3))) : w));
    else if (r < 0.5) q = q.map((w) => `${w}s`);
    const out: BenchQuery = { query: q.join(' ') || 'bag' };
    if (random() < 0.2) out.maxPrice = round(1 + random() * 10, 2);
    if (random() < 0.05) out.minPrice = round(random() * 2, 2);
    if (random() < 0.1) out.offset = 10;
    if (random() < 0.1) out.limit = 50;
    return out;
  });
}

async function measure(registry: ToolRegistry, queries: readonly BenchQuery[], calls: number) {
  for (let i = 0; i < WARMUP_CALLS; i++) await registry.invoke('search_products', queries[i % queries.length]);
  const samples: number[] = [];
  let failures = 0;
  const cpu = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    const result = await registry.invoke('search_products', queries[i % queries.length]);
    samples.push(performance.now() - started);
    if (!result.ok) failures++;
  }
  // CPU time per call does not depend on what else the machine runs; wall-clock tails do.
  const used = process.cpuUsage(cpu);
  return { ...summarize(samples), cpuMsPerCall: round((used.user + used.system) / 1000 / calls), failures };
}

async function run(products: Product[], queries: BenchQuery[], calls: number) {
  const index = new InProcessSearchIndex({ loadProducts: async () => products });
  const registry = new ToolRegistry().register(createSearchProductsTool(index));
  const status = await index.reindex();
  const latency = await measure(registry, queries, calls);
  index.close();
  return { products: products.length, buildMs: status.buildMs, embeddings: status.embeddings, ...latency };
}

export default defineBenchmark({
  name: 'search-latency',
  description: 'search_products through the registry: p50/p99 over the training file catalogue, p50 over 100,000 generated products',
  async run(args) {
    const random = mulberry32(7);
    const catalogue = productsOf(args[0] ?? DEFAULT_DATASET);
    const catalogueRun = await run(catalogue, queryMix(catalogue, 1_000, random), CATALOGUE_CALLS);
    const large = generateCatalogue(catalogue, LARGE_CATALOGUE, random);
    const largeRun = await run(large, queryMix(large, 1_000, random), LARGE_CALLS);
    const pass =
      catalogueRun.failures === 0 &&
      largeRun.failures === 0 &&
      catalogueRun.p50 <= TARGETS.catalogueP50Ms &&
      catalogueRun.p99 <= TARGETS.catalogueP99Ms &&
      largeRun.p50 <= TARGETS.largeP50Ms;
    return {
      bench: 'search-latency',
      host: { cpus: cpus().length, loadAverage1m: round(loadavg()[0], 2) },
      catalogue: catalogueRun,
      large: largeRun,
      targets: TARGETS,
      pass,
    };
  },
});
