import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { DATA_TOKENS, formatImportSummary, ImportFileError, type DatabaseHandle } from '@reco/data';
import { runAfterImport } from '@reco/runtime';
import type { CliContext } from '../cli-context';
import { CliError } from '../cli-error';

export function registerImportCommand(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description('import an Online Retail CSV (.csv or .csv.gz); idempotent, bad rows are reported, not fatal')
    .requiredOption('--csv <file>', 'the file to import')
    .option('--json', 'print the summary as JSON')
    .option('--no-refresh', 'skip what follows an import (segments, search index, caches)')
    .action(async (options: { csv: string; json?: boolean; refresh: boolean }) => {
      const database = await ctx.container.resolve<DatabaseHandle>(DATA_TOKENS.Database).get();
      await database.migrate();
      // A progress bar only for a person watching: never in pipes, logs or CI.
      const bar = process.stderr.isTTY
        ? new SingleBar({ stream: process.stderr, format: 'importing [{bar}] {percentage}% | {rows} rows | {eta}s left', etaBuffer: 20 })
        : undefined;
      let started = false;
      try {
        const summary = await database.importer.import(options.csv, {
          onProgress: ({ rowsRead, bytesRead, totalBytes }) => {
            if (!bar) return;
            if (!started) bar.start(totalBytes, 0, { rows: 0 });
            started = true;
            bar.update(bytesRead, { rows: rowsRead });
          },
        });
        bar?.stop();
        const afterImport = options.refresh ? await runAfterImport(ctx.container) : [];
        if (options.json) ctx.print(JSON.stringify({ ...summary, afterImport }));
        else {
          for (const line of formatImportSummary(summary)) ctx.print(line);
          for (const r of afterImport) ctx.print(`after import: ${r.hook} ${r.ok ? `done in ${r.ms} ms` : `FAILED: ${r.error}`}`);
        }
        if (afterImport.some((r) => !r.ok)) throw new CliError('the data was imported, but a step after it failed (see above); rerun it on its own');
      } catch (err) {
        bar?.stop();
        if (err instanceof ImportFileError) throw new CliError(err.message);
        throw err;
      }
    });
}
