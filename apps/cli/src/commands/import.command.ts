import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { DATABASE, formatImportSummary, ImportFileError, type DatabaseHandle } from '@reco/data';
import type { CliContext } from '../cli-context';
import { CliError } from '../cli-error';

export function registerImportCommand(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description('import an Online Retail CSV (.csv or .csv.gz); idempotent, bad rows are reported, not fatal')
    .requiredOption('--csv <file>', 'the file to import')
    .option('--json', 'print the summary as JSON')
    .action(async (options: { csv: string; json?: boolean }) => {
      const database = await ctx.container.resolve<DatabaseHandle>(DATABASE).get();
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
        if (options.json) ctx.print(JSON.stringify(summary));
        else for (const line of formatImportSummary(summary)) ctx.print(line);
      } catch (err) {
        bar?.stop();
        if (err instanceof ImportFileError) throw new CliError(err.message);
        throw err;
      }
    });
}
