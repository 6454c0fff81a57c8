import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { round, summarize } from '../stats';
import type { RunningBackend } from './backend-server';
import { cpuMs } from './process-cpu';
import type { RequestSample } from './request-sample';
import type { LatencyFigures, ServerFigures } from './scale-figures';

// A pause after the warm-up, so what it started in the background (index builds, refreshes) is done.
const SETTLE_MS = 3_000;

interface Answer {
  ok: boolean;
  ms: number;
  body: { strategy?: string; modelVersion?: string | null } | undefined;
}

/** One GET, timed from the request to the end of the answer's body. */
async function get(backend: RunningBackend, pathAndQuery: string): Promise<Answer> {
  const answer = await backend.client.get(pathAndQuery);
  if (!answer.ok) return { ok: false, ms: answer.ms, body: undefined };
  // Only the two fields read later are kept: answers held by the thousand would be copied by
  // this process's young-generation collector, whose pauses land on the requests being timed.
  try {
    const { strategy, modelVersion } = JSON.parse(answer.text) as NonNullable<Answer['body']>;
    return { ok: true, ms: answer.ms, body: { strategy, modelVersion } };
  } catch {
    return { ok: false, ms: answer.ms, body: undefined }; // a 2xx that is not JSON counts as a failure
  }
}

const recommendations = (id: string) => `/api/users/${encodeURIComponent(id)}/recommendations?k=20`;
const similar = (id: string) => `/api/products/${encodeURIComponent(id)}/similar?k=10`;
const search = (q: string) => `/api/products/search?q=${encodeURIComponent(q)}`;

/** Waits until a customer's recommendations come from the trained version (the server loads it after listening). */
export async function waitForModel(backend: RunningBackend, customerId: string, version: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answer = await get(backend, recommendations(customerId));
    if (answer.body?.modelVersion === version) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the server did not serve model ${version} within ${timeoutMs} ms`);
}

/** Asks once until it succeeds (the first search may build the index); how long that took in all. */
async function firstSuccess(backend: RunningBackend, pathAndQuery: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if ((await get(backend, pathAndQuery)).ok) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`GET ${pathAndQuery} did not succeed within ${timeoutMs} ms`);
}

/** Sequential calls, one in flight at a time: p99 is the server's latency, not a queue's. */
async function measure(backend: RunningBackend, paths: readonly string[]): Promise<{ figures: LatencyFigures; answers: Answer[] }> {
  const answers: Answer[] = [];
  const cpuBefore = cpuMs(backend.pid);
  for (const p of paths) answers.push(await get(backend, p));
  const cpuAfter = cpuMs(backend.pid);
  const latency = summarize(answers.map((a) => a.ms));
  const cpuMsPerCall = cpuBefore === undefined || cpuAfter === undefined ? null : round((cpuAfter - cpuBefore) / Math.max(1, paths.length));
  return {
    figures: { count: latency.count, failures: answers.filter((a) => !a.ok).length, p50Ms: latency.p50, p99Ms: latency.p99, maxMs: latency.max, cpuMsPerCall },
    answers,
  };
}

/** Uncached recommendations, similar items and search over the sample's distinct ids and queries, after a warm-up. */
export async function measureServing(backend: RunningBackend, sample: RequestSample, warmupTimeoutMs: number): Promise<Omit<ServerFigures, 'loadSeconds' | 'rssMb' | 'peakRssMb'>> {
  const searchFirstMs = await firstSuccess(backend, search(sample.warmup.queries[0] ?? 'bag'), warmupTimeoutMs);
  for (const id of sample.warmup.customers) await get(backend, recommendations(id));
  for (const id of sample.warmup.products) await get(backend, similar(id));
  for (const q of sample.warmup.queries) await get(backend, search(q));
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const loadBefore = loadavg()[0];
  const recs = await measure(backend, sample.customers.map(recommendations));
  const modelAnswers = recs.answers.filter((a) => a.body?.strategy === 'model').length;
  const similarRun = await measure(backend, sample.products.map(similar));
  const searchRun = await measure(backend, sample.queries.map(search));
  return {
    recommendations: { ...recs.figures, modelShare: round(modelAnswers / Math.max(1, recs.answers.length), 3) },
    similar: similarRun.figures,
    search: { ...searchRun.figures, firstMs: round(searchFirstMs, 1) },
    // Other processes stretch wall-clock tails (not cpuMsPerCall); this says how busy the machine was.
    loadAverage1m: round(Math.max(loadBefore, loadavg()[0]), 2),
  };
}
