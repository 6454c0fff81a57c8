import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { PrismaInstrumentation } from '@prisma/instrumentation';

/** How long a stopping process waits for its last traces to be exported. */
const SHUTDOWN_FLUSH_MS = 5_000;

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
