import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { type CreateHybridAgent, AGENT_TOKENS } from '@reco/agent';
import { DATA_TOKENS, type DatabaseHandle } from '@reco/data';
import { loadConfig } from '../config';
import { createContainer, disposeContainer } from '../composition-root';

describe('agent module', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(path.join(tmpdir(), 'reco-agent-module-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const open = async () => {
    const container = createContainer(loadConfig({ DATA_DIR: dataDir }), { logger: pino({ level: 'silent' }) });
    await (await container.resolve<DatabaseHandle>(DATA_TOKENS.Database).get()).migrate();
    return container;
  };

  it('answers with the rule planner and continues a session in a new container (another process)', async () => {
    const first = await open();
    try {
      const agent = first.resolve<CreateHybridAgent>(AGENT_TOKENS.HybridAgentFactory)({ sessionId: 's-1', userId: '17850' });
      const turn = await agent.chat('hello');
      expect(turn.answer.length).toBeGreaterThan(0);
      expect(turn.planner).toBe('rules');
    } finally {
      await disposeContainer(first);
    }

    const second = await open();
    try {
      const db = await second.resolve<DatabaseHandle>(DATA_TOKENS.Database).get();
      const messages = await db.chats.recentMessages('s-1');
      expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);
      expect(messages[0].content).toBe('hello');
      const agent = second.resolve<CreateHybridAgent>(AGENT_TOKENS.HybridAgentFactory)({ sessionId: 's-1', userId: '17850' });
      await agent.chat('help');
      expect((await db.chats.recentMessages('s-1')).length).toBe(4);
    } finally {
      await disposeContainer(second);
    }
  });
});
