import type { Command } from 'commander';
import { DATA_TOKENS, type DatabaseHandle } from '@reco/data';
import type { CliContext } from '../cli-context';

export function registerDbCommand(program: Command, ctx: CliContext): void {
  const db = program.command('db').description('database maintenance (DATABASE_URL: SQLite file by default, or PostgreSQL)');

  db.command('migrate')
    .description('apply pending migrations; re-running is a no-op')
    .action(async () => {
      const database = await ctx.container.resolve<DatabaseHandle>(DATA_TOKENS.Database).get();
      const result = await database.migrate();
      if (result.applied.length === 0) ctx.print(`${database.url}: up to date (${result.current.length} migrations)`);
      else for (const id of result.applied) ctx.print(`${database.url}: applied ${id}`);
    });
}
