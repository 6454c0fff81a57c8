import { z } from 'zod';
import { defineTool, ToolRegistry } from '@reco/base-tools';
import { createEnhancedTools } from './enhanced-tools';

const readTool = defineTool({
  name: 'read_catalogue',
  title: 'Read the catalogue',
  description: 'Reads the catalogue.',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  input: z.object({}),
  output: z.object({ ok: z.boolean() }),
  execute: async () => ({ ok: true }),
});

const trainTool = defineTool({
  name: 'train_everything',
  title: 'Train a model',
  description: 'Starts a training run.',
  access: 'admin',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z.object({}),
  output: z.object({ started: z.boolean() }),
  execute: async () => ({ started: true }),
});

describe('createEnhancedTools', () => {
  it('never offers a tool that changes the shop, even to an admin: a chat only reads', async () => {
    const registry = new ToolRegistry().register(readTool, trainTool);
    const tools = createEnhancedTools({ registry, caller: { kind: 'admin', keyId: 'spec' } });
    expect(tools.names()).toEqual(['read_catalogue']);
    expect(tools.openAiTools().map((t) => t.function.name)).toEqual(['read_catalogue']);
    expect((await tools.invoke('train_everything', {})).ok).toBe(false);
  });
});
