import type { Command } from 'commander';
import { DATA_TOKENS, formatImportSummary, SAMPLE_CSV, type DatabaseHandle } from '@reco/data';
import { RECOMMENDATION_TOKENS } from '@reco/recommendation-tools';
import { runAfterImport } from '@reco/runtime';
import type { CliContext } from '../cli-context';
import { CliError } from '../cli-error';

/**
 * `reco setup`: brings the embedded defaults to a state worth serving. Each step runs only when
 * needed, so it is cheap to run before every start: migrate, import the shipped demo sample into
 * an empty database (then segments and search follow), train a model when none is active.
 */
export function registerSetupCommand(program: Command, ctx: CliContext): void {
  program
    .command('setup')
    .description('prepare the database for serving: migrate, import the demo sample if empty, train if no model')
    .option('--no-demo', 'do not import the demo sample into an empty database')
    .option('--no-train', 'do not train a model when none is active')
    .action(async (options: { demo: boolean; train: boolean }) => {
      const database = await ctx.container.resolve<DatabaseHandle>(DATA_TOKENS.Database).get();
      const migrated = await database.migrate();
      ctx.print(migrated.applied.length ? `database: applied ${migrated.applied.join(', ')}` : 'database: schema up to date');

      const { orders } = await database.orders.count();
      if (orders === 0 && options.demo) {
        ctx.print(`database is empty: importing the demo sample ${SAMPLE_CSV}`);
        for (const line of formatImportSummary(await database.importer.import(SAMPLE_CSV))) ctx.print(`  ${line}`);
        for (const r of await runAfterImport(ctx.container)) {
          if (!r.ok) throw new CliError(`after import, ${r.hook} failed: ${r.error}`);
          ctx.print(`  ${r.hook}: done in ${r.ms} ms`);
        }
      } else {
        ctx.print(`database: ${orders} orders`);
      }

      const modelName = ctx.config.RECO_MODEL_NAME;
      const active = await database.modelVersions.getActive(modelName);
      if (active) {
        ctx.print(`model: ${modelName} ${active.version} is active`);
      } else if (options.train && (await database.orders.count()).orders > 0) {
        ctx.print(`model: none active; training ${modelName} (worker pool)...`);
        const outcome = await ctx.container.resolve(RECOMMENDATION_TOKENS.Trainer).train({ modelName });
        const metrics = Object.entries(outcome.metrics).map(([k, v]) => `${k} ${Number(v).toFixed(3)}`).join(', ');
        ctx.print(`model: ${outcome.name} ${outcome.version} trained in ${outcome.seconds.toFixed(1)} s and activated (${metrics})`);
      } else {
        ctx.print('model: none active (the popularity fallback serves until `reco train` runs)');
      }
      ctx.print(`ready: data in ${ctx.config.DATA_DIR}, cache ${ctx.config.CACHE_BACKEND}, object store ${ctx.config.OBJECT_STORE}`);
    });
}
