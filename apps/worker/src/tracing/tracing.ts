import type { TracingSdk } from './tracing-sdk';

/** What `startTracing` hands back: flushes and stops the SDK; never rejects. */
export interface Tracing {
  shutdown(onError?: (err: unknown) => void): Promise<void>;
}

/**
 * Starts OpenTelemetry tracing when `OTEL_EXPORTER_OTLP_ENDPOINT` (or `..._TRACES_ENDPOINT`) is set
 * and `OTEL_SDK_DISABLED` is not `true`: spans go over OTLP/HTTP (JSON) to `<endpoint>/v1/traces`.
 * Otherwise it does nothing at all: the SDK's modules are not even loaded, no context manager is
 * registered, and every span the libs start comes from the API's no-op tracer.
 * Call it first: the HTTP instrumentation patches `http` as it loads.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  if (!env['OTEL_EXPORTER_OTLP_ENDPOINT'] && !env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) return undefined;
  if (env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true') return undefined;
  const sdk = require('./tracing-sdk') as { startTracingSdk: (name: string, env: NodeJS.ProcessEnv) => TracingSdk };
  return sdk.startTracingSdk(serviceName, env);
}
