import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { registerChatCommand } from './chat.command';
import { registerDbCommand } from './db.command';
import { registerEvaluateCommand } from './evaluate.command';
import { registerImportCommand } from './import.command';
import { registerSegmentCommand } from './segment.command';
import { registerSetupCommand } from './setup.command';
import { registerRecommendCommand } from './recommend.command';
import { registerToolsCommand } from './tools.command';
import { registerTrainCommand } from './train.command';

/** Every CLI command; one `register*` per file in this folder. */
export const COMMANDS: ((program: Command, ctx: CliContext) => void)[] = [
  registerSetupCommand,
  registerDbCommand,
  registerImportCommand,
  registerSegmentCommand,
  registerTrainCommand,
  registerEvaluateCommand,
  registerRecommendCommand,
  registerChatCommand,
  registerToolsCommand,
];
