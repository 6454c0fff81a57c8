import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { PrismaInstrumentation } from '@prisma/instrumentation';

/** The started SDK: `shutdown` flushes what is batched, and reports (never throws) an export that fails. */
export interface TracingSdk {
  shutdown(onError?: (err: unknown) => void): Promise<void>;
}

/**
 * The worker's tracing (as the backend's, apps/backend/src/tracing): each job run is a trace, with
 * its pool tasks, database queries and outgoing HTTP calls (S3); its own /health and /metrics are not traced. Traces only:
 * metrics stay Prometheus and logs pino, unless OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER say otherwise.
 */
export function startTracingSdk(serviceName: string, env: NodeJS.ProcessEnv): TracingSdk {
  env['OTEL_METRICS_EXPORTER'] ??= 'none';
  env['OTEL_LOGS_EXPORTER'] ??= 'none';
  const sdk = new NodeSDK({
    ...(env['OTEL_SERVICE_NAME'] ? {} : { serviceName }),
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [new HttpInstrumentation({ ignoreIncomingRequestHook: () => true }), new PrismaInstrumentation()],
  });
  sdk.start();
  return {
    // The receiver may be gone at shutdown (sdk.shutdown() then rejects with ECONNREFUSED): report it, never crash.
    shutdown: (onError) => sdk.shutdown().catch((err: unknown) => onError?.(err)),
  };
}
