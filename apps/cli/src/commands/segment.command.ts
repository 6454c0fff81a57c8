import type { Command } from 'commander';
import { DATA_TOKENS, type DatabaseHandle } from '@reco/data';
import { USER_TOKENS, type SegmentationService } from '@reco/user-tools';
import type { CliContext } from '../cli-context';

export function registerSegmentCommand(program: Command, ctx: CliContext): void {
  program
    .command('segment')
    .description('recompute RFM segments and behavioural clusters of every customer (run after an import)')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }) => {
      const database = await ctx.container.resolve<DatabaseHandle>(DATA_TOKENS.Database).get();
      await database.migrate();
      const report = await ctx.container.resolve<SegmentationService>(USER_TOKENS.Segmentation).recompute();
      if (options.json) {
        ctx.print(JSON.stringify(report));
        return;
      }
      if (report.runId === null) {
        ctx.print('no orders in the database: nothing to segment (import a file first)');
        return;
      }
      ctx.print(`segmented ${report.customers} customers (${report.buyers} with purchases) in ${report.seconds} s, recency from ${report.referenceDate}`);
      for (const [segment, customers] of Object.entries(report.segments)) ctx.print(`  ${segment.padEnd(20)} ${customers}`);
      ctx.print(`clusters (k-means, TF.js ${report.tensorflowBackend}):`);
      for (const c of report.clusters) ctx.print(`  ${String(c.id).padEnd(3)} ${String(c.customers).padStart(6)}  ${c.label}`);
    });
}
