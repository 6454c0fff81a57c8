import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolRegistry } from '@reco/base-tools';
import type { JobHandler } from '@reco/jobs';
import { createAdminTools, TRAIN_MODEL } from '@reco/runtime';
import { startTestServer, type TestServer } from '../__fixtures__/test-server';

jest.setTimeout(30_000);

const MODERN = '2026-07-28';
const STEPS = 5;

/** A training job that reports each of its steps, as the real trainer's progress does. */
const steppedTraining: JobHandler = async (_data, { report, signal }) => {
  for (let step = 1; step <= STEPS; step++) {
    // Each step outlasts several polls (20 ms), so every one is seen even on a busy machine.
    await sleep(150, undefined, { signal });
    report(step / STEPS, `epoch ${step} of ${STEPS}`);
  }
  return { version: 'v-spec' };
};

interface ProgressParams {
  progressToken: string | number;
  progress: number;
  total?: number;
  message?: string;
}

interface JsonRpcMessage {
  id?: unknown;
  method?: string;
  params?: ProgressParams;
  result?: { isError?: boolean; structuredContent?: { finished: boolean; job: { status: string } } };
}

function expectIncreasing(values: number[]): void {
  expect(values.length).toBeGreaterThanOrEqual(3);
  for (let i = 1; i < values.length; i++) expect([i, (values[i] ?? 0) > (values[i - 1] ?? 0)]).toEqual([i, true]);
}

describe('/mcp: a long tool tells its progress to a client that asks for it', () => {
  let server: TestServer;
  beforeAll(async () => {
    // The real admin tools over the test server's own job queue, whose `train` job reports progress.
    const registry = new ToolRegistry();
    server = await startTestServer({ deps: { registry }, jobHandlers: { train: steppedTraining } });
    registry.register(...createAdminTools({ jobs: () => server.jobs, objectStore: () => undefined, canTrain: () => true, pollMs: 20 }));
  });
  afterAll(() => server.close());

  it('sends notifications/progress, increasing, before the result (2025 era, the MCP client with onprogress)', async () => {
    const client = new Client({ name: 'reco-spec', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${server.adminKey}` } } }));
    try {
      const seen: { progress: number; total?: number; message?: string }[] = [];
      const result = await client.callTool({ name: TRAIN_MODEL, arguments: { waitSeconds: 20 } }, undefined, { onprogress: (p) => seen.push(p) });
      const seenAtResult = seen.length;
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ finished: true, job: { kind: 'train', status: 'succeeded', result: { version: 'v-spec' } } });
      expectIncreasing(seen.map((p) => p.progress));
      expect(seen.at(-1)).toEqual({ progress: 100, total: 100, message: 'done' });
      expect(seen.map((p) => p.message)).toContain(`epoch 2 of ${STEPS}`);
      // Nothing trails the result.
      await sleep(100);
      expect(seen).toHaveLength(seenAtResult);
    } finally {
      await client.close();
    }
  });

  async function modernCall(progressToken: string | undefined): Promise<{ contentType: string; messages: JsonRpcMessage[] }> {
    const meta = {
      ...(progressToken ? { progressToken } : {}),
      'io.modelcontextprotocol/protocolVersion': MODERN,
      'io.modelcontextprotocol/clientInfo': { name: 'reco-spec', version: '1.0.0' },
      'io.modelcontextprotocol/clientCapabilities': {},
    };
    const res = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${server.adminKey}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': MODERN,
        'mcp-method': 'tools/call',
        'mcp-name': TRAIN_MODEL,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: TRAIN_MODEL, arguments: { waitSeconds: 20 }, _meta: meta } }),
    });
    expect(res.status).toBe(200);
    const contentType = res.headers.get('content-type') ?? '';
    const text = await res.text();
    const messages: JsonRpcMessage[] = contentType.startsWith('text/event-stream')
      ? text
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => JSON.parse(line.slice(6)) as JsonRpcMessage)
      : [JSON.parse(text) as JsonRpcMessage];
    return { contentType, messages };
  }

  it('streams the notifications as SSE events before the result (2026-07-28 era, plain HTTP)', async () => {
    const { contentType, messages } = await modernCall('train-1');
    expect(contentType).toMatch(/^text\/event-stream/);
    const result = messages.at(-1);
    expect(result).toMatchObject({ id: 9, result: { structuredContent: { finished: true, job: { status: 'succeeded' } } } });
    const notifications = messages.slice(0, -1);
    expect(notifications.every((m) => m.method === 'notifications/progress' && m.params?.progressToken === 'train-1')).toBe(true);
    expectIncreasing(notifications.map((m) => m.params?.progress ?? -1));
    expect(notifications.at(-1)?.params).toEqual({ progressToken: 'train-1', progress: 100, total: 100, message: 'done' });
  });

  it('sends no notification to a call without a progressToken: one JSON answer', async () => {
    const { contentType, messages } = await modernCall(undefined);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ id: 9, result: { structuredContent: { finished: true } } });
    expect(contentType).toMatch(/^application\/json/);
  });
});
