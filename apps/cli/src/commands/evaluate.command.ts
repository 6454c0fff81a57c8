import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DATA_TOKENS, type DatabaseHandle } from '@reco/data';
import { ArmConfigSchema, formatEvaluation, RECOMMENDATION_TOKENS, RuleInputSchema, type ArmConfig, type Rule } from '@reco/recommendation-tools';
import type { CliContext } from '../cli-context';
import { CliError } from '../cli-error';

const positiveInt = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--${name} must be a positive integer, got ${JSON.stringify(value)}`, 2);
  return n;
};

interface ArmSetting {
  config: ArmConfig;
  strategy: 'personal' | 'popular';
  rules: Rule[];
  notes: string[];
}

/** `--arm '{"diversity":{"mmr":0.3}}'` or `--arm @arm.json`: the arm's configuration, checked. */
function parseArm(value: string): ArmConfig {
  let text = value;
  if (value.startsWith('@')) {
    try {
      text = readFileSync(value.slice(1), 'utf8');
    } catch (err) {
      throw new CliError(`--arm: cannot read ${value.slice(1)}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, 2);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CliError(`--arm: not valid JSON (${(err as Error).message})`, 2);
  }
  const parsed = ArmConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length > 0 ? issue.path.join('.') : 'the arm';
    throw new CliError(`--arm: ${field}: ${issue.message}`, 2);
  }
  return parsed.data;
}

/** The arm's rules as stored (unknown ids refused) and what the offline check does with its fields. */
async function armSetting(config: ArmConfig, ctx: CliContext): Promise<ArmSetting> {
  const notes: string[] = [];
  const strategy = config.strategy ?? 'personal';
  // Of the strategies only those that rank one list per customer, without a product or cart,
  // have cases in the temporal split.
  if (strategy !== 'personal' && strategy !== 'popular') {
    throw new CliError(`--arm: strategy: "${strategy}" is not evaluated offline (the temporal split has one list per customer, no product or cart): use personal or popular`, 2);
  }
  if (config.modelVersion !== undefined) {
    // A stored version may have trained on the test window: it cannot be scored honestly.
    notes.push(`modelVersion ${JSON.stringify(config.modelVersion)} ignored: the check trains its own model on the purchases before the cut-off`);
  }
  const db = await ctx.container.resolve<DatabaseHandle>(DATA_TOKENS.Database).get();
  const rules: Rule[] = [];
  for (const [i, id] of (config.rules ?? []).entries()) {
    const stored = await db.merchandising.get('rule', id);
    if (!stored) throw new CliError(`--arm: rules.${i}: no rule with id ${JSON.stringify(id)} is stored`, 2);
    const body = RuleInputSchema.safeParse(stored.body);
    if (!body.success) throw new CliError(`--arm: rules.${i}: the stored rule ${JSON.stringify(id)} no longer parses (${body.error.issues[0].message})`, 2);
    const rule = { ...body.data, id };
    if (!rule.enabled) notes.push(`rule ${rule.name} (${id}) is disabled: applied here as if enabled`);
    if (rule.placement) notes.push(`rule ${rule.name} (${id}) is limited to placement ${rule.placement}: applied here to every list`);
    rules.push(rule);
  }
  return { config, strategy, rules, notes };
}

function describeArm(arm: ArmSetting): string {
  const rules = arm.rules.map((r) => `${r.name} (${r.kind}${r.factor !== undefined ? ` ×${r.factor}` : ''})`).join(', ') || 'none';
  const { maxPerCategory, mmr } = arm.config.diversity ?? {};
  const diversity = [maxPerCategory !== undefined ? `maxPerCategory ${maxPerCategory}` : '', mmr !== undefined ? `mmr ${mmr}` : ''].filter(Boolean).join(', ') || 'none';
  return `arm: strategy ${arm.strategy}, rules ${rules}, diversity ${diversity}`;
}

export function registerEvaluateCommand(program: Command, ctx: CliContext): void {
  program
    .command('evaluate')
    .description(
      'temporal hold-out of the database: train before the cut-off (nothing stored), Recall@K, NDCG@K, intra-list similarity and category coverage, model vs popularity (and an arm\'s configuration with --arm), modes "all" and "new"',
    )
    .requiredOption('--cutoff <date>', 'first day of the test window, YYYY-MM-DD')
    .option('--days <n>', 'test window length in days', positiveInt('days'), 30)
    .option('--k <n>', 'list length', positiveInt('k'), 20)
    .option(
      '--arm <config>',
      'an experiment arm\'s config as JSON or @file: {"strategy"?: "personal"|"popular", "rules"?: [stored rule ids], "diversity"?: {"maxPerCategory"?, "mmr"?}}; named rules apply even when disabled; modelVersion is ignored',
    )
    .option('--json', 'print the rows as JSON')
    .action(async (options: { cutoff: string; days: number; k: number; arm?: string; json?: boolean }) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(options.cutoff) || Number.isNaN(Date.parse(`${options.cutoff}T00:00:00Z`))) {
        throw new CliError(`--cutoff must be a date YYYY-MM-DD, got ${JSON.stringify(options.cutoff)}`, 2);
      }
      const arm = options.arm === undefined ? undefined : await armSetting(parseArm(options.arm), ctx);
      const trainer = ctx.container.resolve(RECOMMENDATION_TOKENS.Trainer);
      const cutoff = Date.parse(`${options.cutoff}T00:00:00Z`);
      const armEvaluation = arm && { strategy: arm.strategy, rules: arm.rules, diversity: arm.config.diversity };
      const { rows, backend, notes } = await trainer.evaluate({ cutoff, days: options.days, k: options.k, arm: armEvaluation });
      const allNotes = [...(arm?.notes ?? []), ...notes];
      if (options.json) {
        ctx.print(JSON.stringify({ cutoff: options.cutoff, days: options.days, k: options.k, backend, arm: arm?.config, rows, notes: allNotes }));
        return;
      }
      ctx.print(`cut-off ${options.cutoff}, test ${options.days} days, K=${options.k}, backend ${backend}`);
      if (arm) ctx.print(describeArm(arm));
      for (const line of formatEvaluation(rows)) ctx.print(line);
      for (const note of allNotes) ctx.print(`note: ${note}`);
    });
}
