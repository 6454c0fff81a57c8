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

/**
 * Runs every module's after-import hook (segments, search index, cache invalidation), one after
 * another so they don't compete for the worker pool. A failing hook is reported, not thrown: the
 * imported data stays, and the hook can be rerun on its own.
 */
export async function runAfterImport(container: DependencyContainer): Promise<AfterImportReport[]> {
  const reports: AfterImportReport[] = [];
  for (const hook of resolveAllOrNone<AfterImportHook>(container, RUNTIME_TOKENS.AfterImportHooks)) {
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
