import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { registerDbCommand } from './db.command';
import { registerImportCommand } from './import.command';
import { registerToolsCommand } from './tools.command';

/** Every CLI command; one `register*` per file in this folder. */
export const COMMANDS: ((program: Command, ctx: CliContext) => void)[] = [registerToolsCommand, registerDbCommand, registerImportCommand];
