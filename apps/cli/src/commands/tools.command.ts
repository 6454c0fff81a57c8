import type { Command } from 'commander';
import { changesShopData, describeTool, type ToolRegistry } from '@reco/base-tools';
import { RUNTIME_TOKENS } from '@reco/runtime';
import type { CliContext } from '../cli-context';
import { CliError } from '../cli-error';

export function registerToolsCommand(program: Command, ctx: CliContext): void {
  const tools = program.command('tools').description('list and invoke the registered tools');

  tools
    .command('list')
    .description('list tools with their input schemas')
    .option('--json', 'print JSON instead of a table')
    .action((options: { json?: boolean }) => {
      const registry = ctx.container.resolve<ToolRegistry>(RUNTIME_TOKENS.ToolRegistry);
      const described = registry.list().map(describeTool);
      if (options.json) return ctx.print(JSON.stringify(described, null, 2));
      if (described.length === 0) return ctx.print('(no tools registered)');
      for (const tool of described) ctx.print(`${tool.name.padEnd(32)} ${tool.description}`);
    });

  tools
    .command('invoke <name> [input]')
    .description('invoke a tool with a JSON input, print its result envelope')
    .action(async (name: string, rawInput: string | undefined) => {
      let input: unknown = {};
      if (rawInput !== undefined) {
        try {
          input = JSON.parse(rawInput);
        } catch {
          throw new CliError(`input must be JSON, e.g. '{"k":10}' (got ${rawInput})`, 2);
        }
      }
      const registry = ctx.container.resolve<ToolRegistry>(RUNTIME_TOKENS.ToolRegistry);
      // A tool that changes the shop starts a job (import, training); with in-process jobs nothing in
      // this short-lived process would ever run it: the job would wait, then vanish when we exit.
      const tool = registry.get(name);
      if (tool && changesShopData(tool) && ctx.config.JOB_QUEUE === 'in-process') {
        throw new CliError(`${name} starts a job, and with JOB_QUEUE=in-process only the server runs jobs: call it on the server (/mcp, /api/tools) or use \`reco import\` / \`reco train\``, 2);
      }
      const result = await registry.invoke(name, input, { caller: { kind: 'admin', keyId: 'cli' } });
      ctx.print(JSON.stringify(result, null, 2));
      if (!result.ok) throw new CliError(`${result.error.code}: ${result.error.message}`);
    });
}
