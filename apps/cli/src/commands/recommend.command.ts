import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { RecommendationList } from '@reco/base-tools';
import { MAX_K, type PlacementService, RECOMMENDATION_TOKENS, recommendBatch } from '@reco/recommendation-tools';
import type { CliContext } from '../cli-context';
import { CliError } from '../cli-error';
import { csvRows } from '../csv-output';

const FORMATS = ['jsonl', 'csv', 'table'] as const;
type RecommendFormat = (typeof FORMATS)[number];
const CSV_HEADER = ['user_id', 'rank', 'product_id', 'score', 'reason', 'description'];

interface RecommendOptions {
  user?: string;
  users?: string;
  k: number;
  format?: RecommendFormat;
  excludePurchased?: boolean;
}

export function registerRecommendCommand(program: Command, ctx: CliContext): void {
  program
    .command('recommend')
    .description("top-K products for one customer (--user) or for each line of a file (--users), with the shop's global rules; unknown customers get the popular list")
    .option('--user <id>', 'one customer id')
    .option('--users <file>', 'a file with one customer id a line')
    .option('--k <n>', `list length, 1-${MAX_K}`, (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > MAX_K) throw new CliError(`--k must be an integer 1-${MAX_K}, got ${JSON.stringify(v)}`, 2);
      return n;
    }, 20)
    .option('--format <format>', 'jsonl (one {"userId","items"} a line), csv (one row per product, for spreadsheets) or table; default: table for --user, jsonl for --users')
    .option('--exclude-purchased', 'leave out what the customer bought before')
    .action(async (options: RecommendOptions) => {
      if (!options.user === !options.users) throw new CliError('give exactly one of --user <id> or --users <file>', 2);
      if (options.format && !FORMATS.includes(options.format)) throw new CliError(`--format must be jsonl, csv or table, got ${JSON.stringify(options.format)}`, 2);
      const format = options.format ?? (options.user ? 'table' : 'jsonl');
      await ctx.container.resolve(RECOMMENDATION_TOKENS.Registry).start();
      // The lists as the shop's plain route serves them, with its global rules; what the CLI prints
      // is no shopper's exposure, so no experiment arm is assigned.
      const placements = ctx.container.resolve(RECOMMENDATION_TOKENS.Placements);
      const args = { k: options.k, excludePurchased: options.excludePurchased };
      if (format === 'csv') ctx.write(csvRows([CSV_HEADER]));
      const emit = (list: RecommendationList) => {
        if (format === 'jsonl') ctx.print(JSON.stringify({ userId: list.userId, items: list.items.map((i) => i.productId) }));
        else if (format === 'csv') ctx.write(csvRows(list.items.map((i, r) => [list.userId, r + 1, i.productId, i.score, i.reason, i.description])));
        else for (const line of formatTable(list)) ctx.print(line);
      };
      if (options.user) {
        emit(await placements.recommendForCustomer(options.user.trim(), args, { outsideExperiments: true }));
        return;
      }
      await recommendForFile(placements, options.users as string, args, emit);
    });
}

/** Streams the file: constant memory for any number of customers. */
async function recommendForFile(
  placements: PlacementService,
  file: string,
  args: { k: number; excludePurchased?: boolean },
  emit: (list: RecommendationList) => void,
): Promise<number> {
  const input = createReadStream(file);
  await new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', (err: NodeJS.ErrnoException) => reject(new CliError(`cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`)));
  });
  return recommendBatch(placements, createInterface({ input, crlfDelay: Infinity }), args, emit);
}

function formatTable(list: RecommendationList): string[] {
  const lines = [`customer ${list.userId}: ${list.strategy}${list.modelVersion ? ` (model ${list.modelVersion})` : ''}`];
  lines.push('rank  product    score    reason                 description');
  list.items.forEach((i, r) => {
    lines.push(`${String(r + 1).padStart(4)}  ${i.productId.padEnd(9)}  ${i.score.toFixed(4).padStart(7)}  ${i.reason.padEnd(21)}  ${i.description}`);
  });
  return lines;
}
