import type { Command } from 'commander';
import { formatEvaluation, RECOMMENDATION_TOKENS } from '@reco/recommendation-tools';
import type { CliContext } from '../cli-context';
import { CliError } from '../cli-error';

const positiveInt = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--${name} must be a positive integer, got ${JSON.stringify(value)}`, 2);
  return n;
};

export function registerEvaluateCommand(program: Command, ctx: CliContext): void {
  program
    .command('evaluate')
    .description('temporal hold-out of the database: train before the cut-off (nothing stored), Recall@K and NDCG@K, model vs popularity, modes "all" and "new"')
    .requiredOption('--cutoff <date>', 'first day of the test window, YYYY-MM-DD')
    .option('--days <n>', 'test window length in days', positiveInt('days'), 30)
    .option('--k <n>', 'list length', positiveInt('k'), 20)
    .option('--json', 'print the rows as JSON')
    .action(async (options: { cutoff: string; days: number; k: number; json?: boolean }) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(options.cutoff) || Number.isNaN(Date.parse(`${options.cutoff}T00:00:00Z`))) {
        throw new CliError(`--cutoff must be a date YYYY-MM-DD, got ${JSON.stringify(options.cutoff)}`, 2);
      }
      const trainer = ctx.container.resolve(RECOMMENDATION_TOKENS.Trainer);
      const cutoff = Date.parse(`${options.cutoff}T00:00:00Z`);
      const { rows, backend } = await trainer.evaluate({ cutoff, days: options.days, k: options.k });
      if (options.json) {
        ctx.print(JSON.stringify({ cutoff: options.cutoff, days: options.days, k: options.k, backend, rows }));
        return;
      }
      ctx.print(`cut-off ${options.cutoff}, test ${options.days} days, K=${options.k}, backend ${backend}`);
      for (const line of formatEvaluation(rows)) ctx.print(line);
    });
}
