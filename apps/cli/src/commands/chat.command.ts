import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { type CreateHybridAgent, AGENT_TOKENS } from '@reco/agent';
import { CustomerIdSchema } from '@reco/base-tools';
import { DATA_TOKENS, type DatabaseHandle } from '@reco/data';
import type { CliContext } from '../cli-context';
import { CliError } from '../cli-error';

interface ChatOptions {
  user?: string;
  session?: string;
  json?: boolean;
}

export function registerChatCommand(program: Command, ctx: CliContext): void {
  program
    .command('chat <message>')
    .description('ask the shopping assistant, as a customer (--user) or anonymously')
    .option('--user <id>', 'the customer the assistant talks to')
    .option('--session <id>', 'continue a conversation (its id is printed after each answer)')
    .option('--json', 'print the whole turn as JSON')
    .action(async (message: string, options: ChatOptions) => {
      if (options.user !== undefined && !CustomerIdSchema.safeParse(options.user).success) {
        throw new CliError(`--user must be a customer id such as 17850 (got ${JSON.stringify(options.user)})`, 2);
      }
      await (await ctx.container.resolve<DatabaseHandle>(DATA_TOKENS.Database).get()).migrate();
      const sessionId = options.session ?? randomUUID();
      // The terminal is trusted like a staff key; the agent still binds every tool to --user.
      const agent = ctx.container.resolve<CreateHybridAgent>(AGENT_TOKENS.HybridAgentFactory)({
        sessionId,
        userId: options.user,
        caller: { kind: 'admin', keyId: 'cli' },
      });
      const turn = await agent.chat(message);
      if (options.json) {
        ctx.print(JSON.stringify(turn)); // the turn carries its sessionId
        return;
      }
      ctx.print(turn.answer);
      for (const p of turn.products.slice(0, 10)) {
        ctx.print(`  ${p.productId.padEnd(8)} ${p.description}  £${p.unitPrice.toFixed(2)}  (${p.reason})`);
      }
      const calls = turn.toolCalls.map((c) => `${c.name} ${c.ok ? 'ok' : 'failed'} ${Math.round(c.ms)} ms`).join(', ');
      ctx.print(`\n[${turn.planner} planner; tools: ${calls || 'none'}; ${Math.round(turn.timings.totalMs)} ms; session ${sessionId}]`);
    });
}
