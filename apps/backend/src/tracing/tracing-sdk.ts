import type { IncomingMessage } from 'node:http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { PrismaInstrumentation } from '@prisma/instrumentation';

/** The started SDK: `shutdown` flushes what is batched, and reports (never throws) an export that fails. */
export interface TracingSdk {
  shutdown(onError?: (err: unknown) => void): Promise<void>;
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
      new HttpInstrumentation({ ignoreIncomingRequestHook: isProbe }),
      new ExpressInstrumentation(),
      new PrismaInstrumentation(),
    ],
  });
  sdk.start();
  return {
    // The receiver may be gone at shutdown (sdk.shutdown() then rejects with ECONNREFUSED): report it, never crash.
    shutdown: (onError) => sdk.shutdown().catch((err: unknown) => onError?.(err)),
  };
}
