import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { PrismaInstrumentation } from '@prisma/instrumentation';

/** How long a stopping process waits for its last traces to be exported. */
const SHUTDOWN_FLUSH_MS = 5_000;

/** The started SDK: `shutdown` flushes what is batched, and reports (never throws) an export that fails. */
export interface TracingSdk {
  shutdown(onError?: (err: unknown) => void): Promise<void>;
}

// What the HTTP instrumentation records of a request's URL and peer names shoppers (customer and
// session ids in paths and queries, addresses): replaced as the server span ends, the path by the
// route's pattern. Both the stable and the old semantic-convention names.
const IDENTIFYING_ATTRIBUTES = ['url.path', 'url.query', 'url.full', 'http.target', 'http.url', 'client.address', 'net.peer.ip', 'net.sock.peer.addr', 'http.client_ip', 'user_agent.original', 'http.user_agent'];

/** Overwrites the identifying attributes the span holds: the path with the route's pattern, the rest with `redacted`. */
function redactRequest(span: Span, request: ClientRequest | IncomingMessage): void {
  const held = (span as unknown as { attributes?: Record<string, unknown> }).attributes ?? {};
  const pattern = (request as IncomingMessage & { routePattern?: string }).routePattern;
  for (const name of IDENTIFYING_ATTRIBUTES) {
    if (!(name in held)) continue;
    span.setAttribute(name, (name === 'url.path' || name === 'http.target') && pattern ? pattern : 'redacted');
  }
}

/** Probes and scrapes: polled every few seconds, they would bury the requests worth seeing. */
function isProbe(req: IncomingMessage): boolean {
  const url = req.url ?? '';
  return url.startsWith('/health/') || url === '/metrics';
}

/**
 * Traces only: Reco's metrics are Prometheus (`/metrics`) and its logs pino on stdout, so the SDK's
 * own metric and log exporters stay off unless OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER say otherwise.
 * Batching follows the standard OTEL_BSP_* settings.
 */
export function startTracingSdk(serviceName: string, env: NodeJS.ProcessEnv): TracingSdk {
  env['OTEL_METRICS_EXPORTER'] ??= 'none';
  env['OTEL_LOGS_EXPORTER'] ??= 'none';
  const sdk = new NodeSDK({
    ...(env['OTEL_SERVICE_NAME'] ? {} : { serviceName }),
    // The JSON exporter: `<OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces` (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT).
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: isProbe, applyCustomAttributesOnSpan: (span, request) => redactRequest(span, request) }),
      new ExpressInstrumentation(),
      new PrismaInstrumentation(),
    ],
  });
  sdk.start();
  return {
    // The receiver may be gone at shutdown (sdk.shutdown() then rejects with ECONNREFUSED): report it,
    // never crash. A receiver that drops packets would hold the exit for the exporter's 30 s timeout,
    // past a pod's grace period: the flush gets SHUTDOWN_FLUSH_MS.
    shutdown: (onError) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`the last traces were not exported within ${SHUTDOWN_FLUSH_MS} ms`)), SHUTDOWN_FLUSH_MS);
      });
      return Promise.race([sdk.shutdown(), late])
        .catch((err: unknown) => onError?.(err))
        .finally(() => clearTimeout(timer));
    },
  };
}
