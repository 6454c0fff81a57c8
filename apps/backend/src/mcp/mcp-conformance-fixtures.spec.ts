import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema, LoggingMessageNotificationSchema, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { ConfigError, loadConfig } from '@reco/runtime';
import { startTestServer, type TestServer } from '../__fixtures__/test-server';
import { hashApiKey } from '../auth/api-key-store';

const FIXTURE_NAME = /^(test_|json_schema_2020_12_tool$)/;

async function connect(server: TestServer): Promise<Client> {
  const client = new Client({ name: 'reco-spec', version: '1.0.0' }, { capabilities: { sampling: {}, elicitation: {} } });
  const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${server.serviceKey}` } } });
  await client.connect(transport);
  return client;
}

describe('MCP conformance fixtures: off unless MCP_CONFORMANCE_FIXTURES', () => {
  let server: TestServer;
  let client: Client;
  beforeAll(async () => {
    server = await startTestServer();
    client = await connect(server);
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it("lists Reco's tools and no fixture, cannot call one, and declares no logging", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('get_recommendations');
    expect(tools.filter((t) => FIXTURE_NAME.test(t.name))).toEqual([]);
    await expect(client.callTool({ name: 'test_simple_text', arguments: {} })).rejects.toMatchObject({ code: -32602 });
    expect(client.getServerCapabilities()?.logging).toBeUndefined();
  });

  it('lists no fixture resource, template or prompt, and reads none', async () => {
    expect((await client.listResources()).resources.filter((r) => r.uri.startsWith('test://'))).toEqual([]);
    expect((await client.listResourceTemplates()).resourceTemplates.filter((t) => t.uriTemplate.startsWith('test://'))).toEqual([]);
    expect((await client.listPrompts()).prompts.filter((p) => FIXTURE_NAME.test(p.name))).toEqual([]);
    await expect(client.readResource({ uri: 'test://static-text' })).rejects.toMatchObject({ code: -32602 });
    await expect(client.getPrompt({ name: 'test_simple_prompt' })).rejects.toMatchObject({ code: -32602 });
  });
});

describe('MCP conformance fixtures: on', () => {
  let server: TestServer;
  let client: Client;
  beforeAll(async () => {
    server = await startTestServer({ deps: { mcpConformanceFixtures: true } });
    client = await connect(server);
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it("lists the suite's tools after Reco's, each with a description and an object schema", async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    const firstFixture = names.findIndex((name) => FIXTURE_NAME.test(name));
    expect(names.slice(0, firstFixture)).toContain('get_recommendations');
    expect(names.slice(firstFixture)).toEqual(expect.arrayContaining(['test_simple_text', 'test_image_content', 'test_tool_with_progress', 'test_sampling', 'json_schema_2020_12_tool']));
    expect(names.slice(firstFixture).every((name) => FIXTURE_NAME.test(name))).toBe(true);
    for (const tool of tools.slice(firstFixture)) expect([tool.name, tool.description, tool.inputSchema.type]).toEqual([tool.name, expect.any(String), 'object']);
    // SEP-1613: the 2020-12 keywords reach the client as written.
    expect(tools.find((t) => t.name === 'json_schema_2020_12_tool')?.inputSchema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $defs: { address: expect.any(Object) }, additionalProperties: false });
  });

  it('answers with the content the suite expects', async () => {
    expect(await client.callTool({ name: 'test_simple_text', arguments: {} })).toMatchObject({ content: [{ type: 'text', text: 'This is a simple text response for testing.' }] });
    expect(await client.callTool({ name: 'test_multiple_content_types', arguments: {} })).toMatchObject({
      content: [{ type: 'text' }, { type: 'image', mimeType: 'image/png', data: expect.stringMatching(/^iVBOR/) }, { type: 'resource', resource: { uri: 'test://mixed-content-resource' } }],
    });
    expect(await client.callTool({ name: 'test_audio_content', arguments: {} })).toMatchObject({ content: [{ type: 'audio', mimeType: 'audio/wav' }] });
    expect(await client.callTool({ name: 'test_error_handling', arguments: {} })).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringContaining('intentionally') }] });
  });

  it('sends three increasing progress notifications, then the result', async () => {
    const progress: Progress[] = [];
    const result = await client.callTool({ name: 'test_tool_with_progress', arguments: {} }, undefined, { onprogress: (p) => progress.push(p) });
    expect(progress).toEqual([
      { progress: 0, total: 100 },
      { progress: 50, total: 100 },
      { progress: 100, total: 100 },
    ]);
    expect(result.isError).toBeFalsy();
  });

  it('sends three log messages while the tool runs, after logging/setLevel', async () => {
    const logged: unknown[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logged.push(n.params));
    await client.setLoggingLevel('debug');
    await client.callTool({ name: 'test_tool_with_logging', arguments: {} });
    expect(logged).toEqual([
      { level: 'info', data: 'Tool execution started' },
      { level: 'info', data: 'Tool processing data' },
      { level: 'info', data: 'Tool execution completed' },
    ]);
  });

  it('says at once that sampling needs a session, without asking the client', async () => {
    let asked = false;
    client.setRequestHandler(CreateMessageRequestSchema, async () => {
      asked = true;
      return { role: 'assistant', content: { type: 'text', text: 'hi' }, model: 'm' };
    });
    const result = await client.callTool({ name: 'test_sampling', arguments: { prompt: 'Hello' } });
    expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringContaining('needs a session') }] });
    expect(asked).toBe(false);
  });

  it("serves the suite's resources, prompts and completion after Reco's own", async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(expect.arrayContaining(['reco://catalog/categories', 'test://static-text', 'test://static-binary']));
    expect(resources.findIndex((r) => r.uri.startsWith('test://'))).toBeGreaterThan(resources.findIndex((r) => r.uri.startsWith('reco://')));
    expect((await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).toContain('test://template/{id}/data');
    expect(await client.readResource({ uri: 'test://static-binary' })).toEqual({ contents: [{ uri: 'test://static-binary', mimeType: 'image/png', blob: expect.stringMatching(/^iVBOR/) }] });
    const templated = await client.readResource({ uri: 'test://template/123/data' });
    expect(JSON.parse(String((templated.contents[0] as { text?: string } | undefined)?.text))).toEqual({ id: '123', templateTest: true, data: 'Data for ID: 123' });
    await expect(client.readResource({ uri: 'test://nothing-here' })).rejects.toMatchObject({ code: -32602 });

    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(expect.arrayContaining(['shopping_assistant', 'test_simple_prompt', 'test_prompt_with_arguments']));
    expect(await client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'hello', arg2: 'world' } })).toMatchObject({
      messages: [{ role: 'user', content: { type: 'text', text: "Prompt with arguments: arg1='hello', arg2='world'" } }],
    });
    await expect(client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'hello' } })).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('arg2') });
    expect(await client.complete({ ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' }, argument: { name: 'arg1', value: 'par' } })).toEqual({ completion: { values: [], total: 0, hasMore: false } });
    // Reco's own still answer as before beside them.
    await expect(client.getPrompt({ name: 'no_such_prompt' })).rejects.toMatchObject({ code: -32602 });
  });

  it('refuses arguments of the wrong shape with -32602 naming the field', async () => {
    await expect(client.callTool({ name: 'test_sampling', arguments: { prompt: 42 } })).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('prompt') });
    await expect(client.callTool({ name: 'json_schema_2020_12_tool', arguments: { extra: 1 } })).rejects.toMatchObject({ code: -32602 });
  });
});

describe('MCP_CONFORMANCE_FIXTURES setting', () => {
  it('is off by default, takes the boolean forms, and is refused in production', () => {
    expect(loadConfig({}).MCP_CONFORMANCE_FIXTURES).toBe(false);
    expect(loadConfig({ MCP_CONFORMANCE_FIXTURES: '1' }).MCP_CONFORMANCE_FIXTURES).toBe(true);
    expect(() => loadConfig({ MCP_CONFORMANCE_FIXTURES: 'yes' })).toThrow(/MCP_CONFORMANCE_FIXTURES/);
    expect(loadConfig({ NODE_ENV: 'production', MCP_CONFORMANCE_FIXTURES: 'false' }).MCP_CONFORMANCE_FIXTURES).toBe(false);
    const refusal = (() => {
      try {
        loadConfig({ NODE_ENV: 'production', MCP_CONFORMANCE_FIXTURES: 'true' });
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(ConfigError);
    expect((refusal as ConfigError).problems).toEqual([{ variable: 'MCP_CONFORMANCE_FIXTURES', message: expect.stringContaining('NODE_ENV=production') }]);
  });

  it('stops the backend at start-up in production, naming the variable', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'reco-conformance-'));
    try {
      const env = {
        PATH: process.env['PATH'] ?? '',
        NODE_ENV: 'production',
        DATA_DIR: dataDir,
        PORT: '0',
        API_KEYS: `ops:admin:${hashApiKey('a-key-nobody-uses')}`,
        MCP_CONFORMANCE_FIXTURES: 'true',
      };
      const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@reco/source', path.join(__dirname, '..', 'main.ts')], { cwd: path.resolve(__dirname, '../../../..'), env });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
        child.on('exit', (code) => resolve({ code, stderr }));
      });
      expect(run).toEqual({ code: 2, stderr: expect.stringMatching(/Invalid configuration: MCP_CONFORMANCE_FIXTURES: must not be true when NODE_ENV=production/) });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
