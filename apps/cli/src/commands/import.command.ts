import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import {
  DATA_TOKENS,
  formatImportSummary,
  formatOpenFormatSummary,
  ImportFileError,
  OpenFormatImporter,
  type DatabaseHandle,
  type FileRecordKindName,
  type ImportProgress,
} from '@reco/data';
import { resolveAllOrNone, runAfterImport, runAfterImportHooks, RUNTIME_TOKENS, type AfterImportHook, type AfterImportReport } from '@reco/runtime';
import type { CliContext } from '../cli-context';
import { CliError } from '../cli-error';

type ImportFlags = {
  json?: boolean;
  refresh: boolean;
};

const OPEN_FORMAT: Record<FileRecordKindName, { description: string; refresh: boolean }> = {
  products: { description: 'upsert products: id,title,price,categories,tags,available,created_at [,description,currency,image_url,url]', refresh: true },
  customers: { description: 'upsert customers: id,country,created_at', refresh: false },
  events: { description: 'record events: event_id,customer_id,session_id,product_id,type,quantity,price,occurred_at (a known event_id changes nothing)', refresh: true },
};

const HELP = `
Files: CSV with a header row of the columns above, or JSON Lines (.jsonl, .ndjson) with the same
names; either may be gzipped. Importing a file again changes nothing. A bad line is listed with its
number and reason and never stops the run.

Exit codes: 0 imported (bad lines, if any, are listed); 1 the file cannot be read, its header is not
the one expected, no line of it was accepted, or a step after the import failed; 2 bad usage.`;

export function registerImportCommand(program: Command, ctx: CliContext): void {
  const command = program
    .command('import')
    .description('import data: products, customers or events files of any shop, or the Online Retail CSV')
    .option('--csv <file>', 'an Online Retail CSV: the same as `import online-retail FILE`')
    .option('--json', 'print the summary as JSON')
    .option('--no-refresh', 'skip what follows an import (segments, search index, caches)')
    .addHelpText('after', HELP)
    // Subcommands inherit this: their help lists --json and --no-refresh, which belong to `import`.
    .configureHelp({ showGlobalOptions: true })
    .action(async (flags: ImportFlags & { csv?: string }) => {
      if (!flags.csv) throw new CliError('name what to import: reco import products|customers|events|online-retail FILE (see reco import --help)', 2);
      await importOnlineRetail(ctx, flags.csv, flags);
    });
  command
    .command('online-retail <file>')
    .description('import the UCI Online Retail CSV (.csv or .csv.gz): orders, customers and products')
    .action((file: string, _options: unknown, sub: Command) => importOnlineRetail(ctx, file, sub.optsWithGlobals<ImportFlags>()));
  for (const [kind, { description }] of Object.entries(OPEN_FORMAT) as [FileRecordKindName, (typeof OPEN_FORMAT)[FileRecordKindName]][]) {
    command
      .command(`${kind} <file>`)
      .description(description)
      .addHelpText('after', HELP)
      .action((file: string, _options: unknown, sub: Command) => importOpenFormat(ctx, kind, file, sub.optsWithGlobals<ImportFlags>()));
  }
}

async function importOnlineRetail(ctx: CliContext, file: string, flags: ImportFlags): Promise<void> {
  const database = await ctx.container.resolve<DatabaseHandle>(DATA_TOKENS.Database).get();
  await database.migrate();
  const summary = await withProgress((onProgress) => database.importer.import(file, { onProgress }));
  const afterImport = flags.refresh ? await runAfterImport(ctx.container) : [];
  report(ctx, flags, { ...summary, afterImport }, formatImportSummary(summary));
}

async function importOpenFormat(ctx: CliContext, kind: FileRecordKindName, file: string, flags: ImportFlags): Promise<void> {
  const database = await ctx.container.resolve<DatabaseHandle>(DATA_TOKENS.Database).get();
  await database.migrate();
  const importer = new OpenFormatImporter(database);
  const started = new Date();
  const summary = await withProgress((onProgress) => importer.import(kind, file, { onProgress }));
  const refresh = flags.refresh && OPEN_FORMAT[kind].refresh && summary.accepted > 0;
  const hooks = resolveAllOrNone<AfterImportHook>(ctx.container, RUNTIME_TOKENS.AfterImportHooks);
  // Products written by the file are told to the catalogue listeners first, as an API write would be.
  if (kind === 'products') hooks.unshift(catalogListenersHook(ctx, started));
  const afterImport = refresh ? await runAfterImportHooks(hooks) : [];
  report(ctx, flags, { ...summary, afterImport }, formatOpenFormatSummary(summary));
  if (summary.accepted === 0 && summary.rejected.total > 0) throw new CliError(`no line of ${file} was accepted (${summary.rejected.total} rejected, listed above)`);
}

function catalogListenersHook(ctx: CliContext, since: Date): AfterImportHook {
  return {
    name: 'catalog listeners',
    run: async () => ({ products: await ctx.container.resolve(RUNTIME_TOKENS.ShopFeed).announceProductChanges(since) }),
  };
}

function report(ctx: CliContext, flags: ImportFlags, result: { afterImport: AfterImportReport[] }, lines: string[]): void {
  if (flags.json) ctx.print(JSON.stringify(result));
  else {
    for (const line of lines) ctx.print(line);
    for (const r of result.afterImport) ctx.print(`after import: ${r.hook} ${r.ok ? `done in ${r.ms} ms` : `FAILED: ${r.error}`}`);
  }
  if (result.afterImport.some((r) => !r.ok)) throw new CliError('the data was imported, but a step after it failed (see above); rerun it on its own');
}

/** Runs an import with a progress bar for a person watching (never in pipes, logs or CI); file errors become one line. */
async function withProgress<T>(run: (onProgress: (progress: ImportProgress) => void) => Promise<T>): Promise<T> {
  const bar = process.stderr.isTTY
    ? new SingleBar({ stream: process.stderr, format: 'importing [{bar}] {percentage}% | {rows} rows | {eta}s left', etaBuffer: 20 })
    : undefined;
  let started = false;
  try {
    return await run(({ rowsRead, bytesRead, totalBytes }) => {
      if (!bar) return;
      if (!started) bar.start(totalBytes, 0, { rows: 0 });
      started = true;
      bar.update(bytesRead, { rows: rowsRead });
    });
  } catch (err) {
    if (err instanceof ImportFileError) throw new CliError(err.message);
    throw err;
  } finally {
    bar?.stop();
  }
}
