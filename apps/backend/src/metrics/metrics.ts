import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AsyncCache } from '@reco/async-cache';
import type { ToolRegistry } from '@reco/base-tools';
import type { AsyncExecutor, EventLoopMonitor } from '@reco/executor';
import { routePatternOf } from '../http/api-routes';

export interface MetricsSources {
  tools: ToolRegistry;
  cache?: AsyncCache;
  executor?: Pick<AsyncExecutor, 'stats'>;
  eventLoop?: EventLoopMonitor;
  /** Active model versions, read at scrape time. */
  activeModels?: () => Promise<{ name: string; version: string }[]>;
  tfBackend?: () => string | undefined;
  /** Node's own process metrics (off in tests: they add timers). */
  processMetrics?: boolean;
}

export interface MetricsSummary {
  requestsPerSecond: number;
  p95Ms: number | null;
  cacheHitRate: number | null;
  toolCalls: number;
  toolErrors: number;
  eventLoopP99Ms: number | null;
  at: string;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Every metric of the app, the runtime's job metrics and Node's process metrics starts with it. */
export const METRIC_PREFIX = 'reco_';

/** The label of calls to tool names nobody registered: clients choose those names, so each must not become a series. */
export const UNKNOWN_TOOL_LABEL = 'unknown';

/** The methods the API answers; any other a client sends is labelled `other`. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * prom-client's default metrics include gauges named `…_total`, which Prometheus reserves for
 * counters (`promtool check metrics` refuses them); the per-type gauges beside them sum to the same.
 */
const GAUGES_NAMED_LIKE_COUNTERS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/**
 * The app's Prometheus registry (its own, not prom-client's global one): HTTP latency by route
 * pattern, tool calls, and gauges read from the cache, executor, event loop and model registry at
 * scrape time. `summary()` condenses the same figures for the dashboard.
 */
export class AppMetrics {
  readonly registry = new Registry();
  private readonly http: Histogram<'route' | 'method' | 'status'>;
  private readonly toolLatency: Histogram<'tool' | 'ok'>;
  private readonly toolErrors: Counter<'tool' | 'code'>;
  private readonly unsubscribe: () => void;
  private readonly samples: { at: number; requests: number }[] = [];
  private toolCallCount = 0;
  private toolErrorCount = 0;

  constructor(private readonly sources: MetricsSources) {
    const registers = [this.registry];
    if (sources.processMetrics) {
      collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
      for (const name of GAUGES_NAMED_LIKE_COUNTERS) this.registry.removeSingleMetric(`${METRIC_PREFIX}${name}`);
    }
    this.http = new Histogram({
      name: `${METRIC_PREFIX}http_request_duration_seconds`,
      help: 'HTTP request latency by route pattern, method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.toolLatency = new Histogram({
      name: `${METRIC_PREFIX}tool_call_duration_seconds`,
      help: 'Tool call latency by tool and outcome',
      labelNames: ['tool', 'ok'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.toolErrors = new Counter({ name: `${METRIC_PREFIX}tool_errors_total`, help: 'Failed tool calls by tool and error code', labelNames: ['tool', 'code'], registers });
    this.unsubscribe = sources.tools.onCall((e) => {
      this.toolCallCount += 1;
      const tool = sources.tools.has(e.tool) ? e.tool : UNKNOWN_TOOL_LABEL;
      this.toolLatency.observe({ tool, ok: String(e.ok) }, e.ms / 1000);
      if (!e.ok) {
        this.toolErrorCount += 1;
        this.toolErrors.inc({ tool, code: e.code ?? 'UNKNOWN' });
      }
    });

    const cache = sources.cache;
    if (cache) {
      const counter = (name: string, help: string, pick: (s: ReturnType<AsyncCache['stats']>) => number) =>
        new Counter({
          name: `${METRIC_PREFIX}${name}`,
          help,
          registers,
          collect() {
            // The cache counts since it was created, only upwards: mirror its value.
            this.reset();
            this.inc(pick(cache.stats()));
          },
        });
      counter('cache_hits_total', 'Fresh cache hits', (s) => s.hits);
      counter('cache_stale_hits_total', 'Stale values answered while refreshing', (s) => s.staleHits);
      counter('cache_misses_total', 'Cache misses', (s) => s.misses);
      counter('cache_errors_total', 'Cache backend failures', (s) => s.errors);
      new Gauge({
        name: `${METRIC_PREFIX}cache_available`,
        help: '1 while the cache backend answers',
        registers,
        collect() {
          this.set(cache.stats().available ? 1 : 0);
        },
      });
    }

    const executor = sources.executor;
    if (executor) {
      const gauge = (name: string, help: string, pick: (s: ReturnType<AsyncExecutor['stats']>) => number) =>
        new Gauge({
          name: `${METRIC_PREFIX}${name}`,
          help,
          registers,
          collect() {
            this.set(pick(executor.stats()));
          },
        });
      gauge('executor_queue_size', 'Tasks waiting for a worker thread', (s) => s.queueSize);
      gauge('executor_running_tasks', 'Tasks running in worker threads', (s) => s.running);
      gauge('executor_utilization_ratio', 'Share of worker thread time spent on tasks', (s) => s.utilization);
      gauge('executor_threads', 'Worker threads in the pool', (s) => s.threads);
    }

    const eventLoop = sources.eventLoop;
    if (eventLoop) {
      // One gauge per figure: a `quantile` label belongs to summaries, which Prometheus aggregates differently.
      const delay = (figure: 'p50' | 'p99' | 'max', help: string) =>
        new Gauge({
          name: `${METRIC_PREFIX}event_loop_delay_${figure}_seconds`,
          help,
          registers,
          collect() {
            this.set(eventLoop.snapshot()[figure] / 1000);
          },
        });
      delay('p50', 'Median event-loop delay since the process started');
      delay('p99', '99th percentile of the event-loop delay since the process started');
      delay('max', 'Longest event-loop delay since the process started');
    }

    const activeModels = sources.activeModels;
    if (activeModels) {
      new Gauge({
        name: `${METRIC_PREFIX}model_version_active`,
        help: 'Active model versions (1 per active name and version)',
        labelNames: ['name', 'version'],
        registers,
        async collect() {
          this.reset();
          try {
            for (const m of await activeModels()) this.set({ name: m.name, version: m.version }, 1);
          } catch {
            // A database outage shows in /health/ready; the scrape still answers.
          }
        },
      });
    }

    const tfBackend = sources.tfBackend;
    if (tfBackend) {
      new Gauge({
        name: `${METRIC_PREFIX}tfjs_backend_info`,
        help: 'TensorFlow.js backend in use (1 for the backend label)',
        labelNames: ['backend'],
        registers,
        collect() {
          this.reset();
          this.set({ backend: tfBackend() ?? 'none' }, 1);
        },
      });
    }
  }

  /** Records each request's latency under its route pattern (never the raw URL: ids would explode the labels). */
  httpMiddleware(): RequestHandler {
    return (req, res, next) => {
      const end = this.http.startTimer();
      res.once('finish', () => {
        const pattern = req.route?.path;
        const route = routePatternOf(req) ?? (typeof pattern === 'string' ? withoutTrailingSlash(`${req.baseUrl}${pattern}`) : routeGroup(req.originalUrl));
        end({ route, method: KNOWN_METHODS.has(req.method) ? req.method : 'other', status: String(res.statusCode) });
      });
      next();
    };
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  /** Request rate over the last minute or so (between calls), p95 latency, cache hit rate. */
  async summary(): Promise<MetricsSummary> {
    const now = Date.now();
    const { count, p95 } = await this.httpTotals();
    this.samples.push({ at: now, requests: count });
    while (this.samples.length > 2 && now - (this.samples[1]?.at ?? now) > 60_000) this.samples.shift();
    const first = this.samples[0] ?? { at: now, requests: count };
    const seconds = (now - first.at) / 1000;
    const stats = this.sources.cache?.stats();
    const lookups = stats ? stats.hits + stats.staleHits + stats.misses : 0;
    return {
      requestsPerSecond: seconds > 0 ? round((count - first.requests) / seconds) : 0,
      p95Ms: p95 === null ? null : round(p95 * 1000),
      cacheHitRate: stats && lookups > 0 ? round((stats.hits + stats.staleHits) / lookups) : null,
      toolCalls: this.toolCallCount,
      toolErrors: this.toolErrorCount,
      eventLoopP99Ms: this.sources.eventLoop ? this.sources.eventLoop.snapshot().p99 : null,
      at: new Date(now).toISOString(),
    };
  }

  close(): void {
    this.unsubscribe();
  }

  /** All requests, and p95 over them from the summed buckets (upper bound of the bucket it falls in). */
  private async httpTotals(): Promise<{ count: number; p95: number | null }> {
    const data = await this.http.get();
    const buckets = new Map<number, number>();
    let count = 0;
    for (const v of data.values) {
      if (v.metricName === `${METRIC_PREFIX}http_request_duration_seconds_count`) count += v.value;
      if (v.metricName === `${METRIC_PREFIX}http_request_duration_seconds_bucket`) {
        const le = Number((v.labels as Record<string, string | number>)['le']);
        buckets.set(le, (buckets.get(le) ?? 0) + v.value);
      }
    }
    if (count === 0) return { count, p95: null };
    const target = count * 0.95;
    for (const le of [...buckets.keys()].sort((a, b) => a - b)) {
      if ((buckets.get(le) ?? 0) >= target) return { count, p95: Number.isFinite(le) ? le : LATENCY_BUCKETS.at(-1) ?? null };
    }
    return { count, p95: null };
  }
}

/** Unmatched paths (404s, static files) get a coarse label. */
function routeGroup(url: string): string {
  const path = url.split('?', 1)[0] ?? url;
  if (path.startsWith('/api/')) return '/api/unmatched';
  if (path.startsWith('/mcp')) return '/mcp';
  return 'static';
}

/** A router mounted at `/mcp` matches `/` there: `/mcp` and `/mcp/` are one route. */
function withoutTrailingSlash(route: string): string {
  return route.length > 1 && route.endsWith('/') ? route.slice(0, -1) : route;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
