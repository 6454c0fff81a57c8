import type { Command } from 'commander';
import { formatEvaluation, RECOMMENDATION_TOKENS } from '@reco/recommendation-tools';
import type { CliContext } from '../cli-context';

export function registerTrainCommand(program: Command, ctx: CliContext): void {
  program
    .command('train')
    .description("train the recommender on the database's purchases (in a worker), store it, register and activate the version")
    .option('--model <name>', 'model name (default: RECO_MODEL_NAME)')
    .option('--json', 'print the outcome as JSON')
    .action(async (options: { model?: string; json?: boolean }) => {
      const trainer = ctx.container.resolve(RECOMMENDATION_TOKENS.Trainer);
      const outcome = await trainer.train({ modelName: options.model });
      if (options.json) {
        ctx.print(JSON.stringify({ ...outcome, metadata: { ...outcome.metadata, extra: undefined } }));
        return;
      }
      const m = outcome.metadata;
      ctx.print(`trained ${outcome.name} ${outcome.version} in ${outcome.seconds.toFixed(1)} s (backend ${m.backend}), active`);
      ctx.print(`stored under ${outcome.objectKey}/ in the object store`);
      ctx.print(`window ${m.window.from} .. ${m.window.until}; ${Object.entries(m.counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
      if (outcome.evaluation.length > 0) {
        ctx.print(`hold-out metrics (last days of the data):`);
        for (const line of formatEvaluation(outcome.evaluation)) ctx.print(`  ${line}`);
      }
    });
}
