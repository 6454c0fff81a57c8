// A worker process importing an Online Retail file, for the kill tests:
//   node --import tsx --conditions=@reco/source import-process.ts <database url> <file> <run id> <batch rows> <stop at>
// It prints `progress <rows read>` lines and, at the end, `imported <summary JSON>`. <stop at>:
// `progress` (after the first progress line, the next staging transaction waits forever, inside
// it), `publish` (prints `publishing` and waits forever inside the publish transaction, once the
// rows are in the real tables), or `never`. The test kills it with SIGKILL while it waits.
import { openDatabase, openImportConnection } from '../../../database/open-database';
import { resolveDatabaseUrl } from '../../../database/database-url';
import { OnlineRetailImporter } from '../online-retail-importer';
import { forever, pausedConnection } from './paused-connection';

async function main(): Promise<void> {
  const [url, file, runId, batchRows, stopAt] = process.argv.slice(2) as [string, string, string, string, 'progress' | 'publish' | 'never'];
  const db = await openDatabase({ url });
  let progressSeen = false;
  const importer = new OnlineRetailImporter(db.client, () =>
    pausedConnection(openImportConnection(resolveDatabaseUrl(url)), {
      beforeStage: async () => {
        if (stopAt === 'progress' && progressSeen) await forever();
      },
      beforeRun: async (sql) => {
        if (stopAt === 'publish' && sql.includes('CREATE TEMP TABLE')) {
          process.stdout.write('publishing\n');
          await forever();
        }
      },
    }),
  );
  const summary = await importer.import(file, {
    runId,
    batchRows: Number(batchRows),
    onProgress: (progress) => {
      process.stdout.write(`progress ${progress.rowsRead}\n`);
      progressSeen = true;
    },
  });
  process.stdout.write(`imported ${JSON.stringify(summary)}\n`);
  await db.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
