import type { DependencyContainer } from 'tsyringe';
import { resolveAllOrNone } from './composition-root';
import { type AfterImportHook, RUNTIME_TOKENS } from './tokens';

export interface AfterImportReport {
  hook: string;
  ok: boolean;
  ms: number;
  result?: Record<string, unknown>;
  error?: string;
}

/** Every module's after-import hook registered in the container; see runAfterImportHooks. */
export function runAfterImport(container: DependencyContainer): Promise<AfterImportReport[]> {
  return runAfterImportHooks(resolveAllOrNone<AfterImportHook>(container, RUNTIME_TOKENS.AfterImportHooks));
}

/**
 * Runs after-import hooks (segments, search index, cache invalidation) one after another so they
 * don't compete for the worker pool. A failing hook is reported, not thrown: the imported data
 * stays, and the hook can be rerun on its own.
 */
export async function runAfterImportHooks(hooks: readonly AfterImportHook[]): Promise<AfterImportReport[]> {
  const reports: AfterImportReport[] = [];
  for (const hook of hooks) {
    const started = performance.now();
    try {
      const result = (await hook.run()) ?? undefined;
      reports.push({ hook: hook.name, ok: true, ms: Math.round(performance.now() - started), ...(result ? { result } : {}) });
    } catch (err) {
      reports.push({ hook: hook.name, ok: false, ms: Math.round(performance.now() - started), error: err instanceof Error ? err.message : String(err) });
    }
  }
  return reports;
}
