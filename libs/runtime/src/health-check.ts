/** A dependency `/health/ready` checks: database, Redis, object store, model... */
export interface HealthCheck {
  readonly name: string;
  /** Resolves when the dependency answers; rejects (or is aborted) when it does not. */
  check(signal: AbortSignal): Promise<Record<string, unknown> | void>;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: Record<string, { ok: boolean; ms: number; error?: string } & Record<string, unknown>>;
}

/** Runs all checks concurrently, each bounded by `timeoutMs`. */
export async function runHealthChecks(checks: readonly HealthCheck[], timeoutMs: number): Promise<HealthReport> {
  const entries = await Promise.all(
    checks.map(async (c) => {
      const started = performance.now();
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        const info = await Promise.race([
          c.check(signal),
          new Promise<never>((_, reject) =>
            signal.addEventListener('abort', () => reject(new Error(`no answer within ${timeoutMs} ms`)), { once: true }),
          ),
        ]);
        return [c.name, { ok: true, ms: Math.round(performance.now() - started), ...(info ?? {}) }] as const;
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        return [c.name, { ok: false, ms: Math.round(performance.now() - started), error }] as const;
      }
    }),
  );
  const report = Object.fromEntries(entries);
  return { status: entries.every(([, r]) => r.ok) ? 'ok' : 'degraded', checks: report };
}
