import type { DependencyContainer } from 'tsyringe';
import { DATA_TOKENS, type DatabaseHandle, type ImportProgress, type ImportSummary } from '@reco/data';
import { runAfterImportHooks, type AfterImportReport } from './after-import';
import { resolveAllOrNone } from './composition-root';
import { type AfterImportHook, RUNTIME_TOKENS } from './tokens';

export interface DataImportDeps {
  database: DatabaseHandle;
  /** What must follow an import; read when an import finishes. */
  afterImportHooks?: () => readonly AfterImportHook[];
}

export interface DataImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** Run the after-import hooks (segments, search index, caches) once the rows are in. Default true. */
  refresh?: boolean;
  /** The import run's id (a job's): a retry with the same id completes the same run. */
  runId?: string;
  /** Stops the import before it publishes (its rows become visible all at once or not at all). */
  signal?: AbortSignal;
}

export interface DataImportResult extends ImportSummary {
  /** One report per hook; empty when `refresh` was false. */
  afterImport: AfterImportReport[];
}

/**
 * Imports an Online Retail CSV (.csv or .csv.gz) into the database, then brings what is derived
 * from the data up to date: the one way in for the CLI and the admin API.
 */
export class DataImport {
  constructor(private readonly deps: DataImportDeps) {}

  async run(file: string, options: DataImportOptions = {}): Promise<DataImportResult> {
    const database = await this.deps.database.get();
    const summary = await database.importer.import(file, { onProgress: options.onProgress, runId: options.runId, signal: options.signal });
    const hooks = options.refresh === false ? [] : (this.deps.afterImportHooks?.() ?? []);
    return { ...summary, afterImport: await runAfterImportHooks(hooks) };
  }
}

/** The import service over the container's database and after-import hooks. */
export function dataImportOf(container: DependencyContainer): DataImport {
  return new DataImport({
    database: container.resolve<DatabaseHandle>(DATA_TOKENS.Database),
    afterImportHooks: () => resolveAllOrNone<AfterImportHook>(container, RUNTIME_TOKENS.AfterImportHooks),
  });
}
