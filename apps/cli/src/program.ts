import { Command, CommanderError } from 'commander';
import { ConfigError } from '@reco/runtime';
import { CliContext } from './cli-context';
import { CliError } from './cli-error';
import { COMMANDS } from './commands';

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('reco')
    .description('Reco: recommendation backend and shopping assistant. Run `reco <command> --help` for details.')
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program, ctx);
  return program;
}

/** Runs the CLI and returns its exit code; every error becomes one clear line on stderr. */
export async function runCli(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const ctx = new CliContext(env);
  const program = buildProgram(ctx);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 0;
    }
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2; // commander printed the message
    if (err instanceof CliError) {
      process.stderr.write(`reco: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`reco: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`reco: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await ctx.close();
  }
}
