import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';

/** Parses a server-sent-events body into its events. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test asserts the shape it expects
function parseSse(text: string): { event: string; data: any }[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.trim())
    .map((frame) => ({
      event: /^event: (.*)$/m.exec(frame)?.[1] ?? '',
      data: JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? 'null'),
    }));
}

describe('agent routes', () => {
  let server: TestServer;
  let alice: string;
  beforeAll(async () => {
    server = await startTestServer();
    alice = (await server.tokens.issue('17850')).token;
  });
  afterAll(() => server.close());

  it('answers one turn as JSON with its tool calls', async () => {
    const res = await server.call('/api/agent/chat', { json: { message: 'a white lantern please', userId: '17850' } });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.answer).toMatch(/ideas/);
    expect(body.toolCalls.map((c: { name: string }) => c.name)).toEqual(['search_products', 'get_popular_products', 'get_recommendations']);
    expect(body.sessionId).toEqual(expect.any(String));
    // The answer's paragraphs by intent reach the client (the contract used to strip them).
    expect(body.sections).toEqual([{ intent: 'search', text: body.answer }]);
  });

  it('streams plan, tool_start, tool_end and answer as server-sent events', async () => {
    const res = await server.call('/api/agent/chat/stream', { as: alice, json: { message: 'lantern', sessionId: 's-1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = parseSse(await res.text());
    const kinds = events.map((e) => e.event);
    expect(kinds[0]).toBe('plan');
    expect(kinds.at(-1)).toBe('answer');
    expect(kinds.filter((k) => k === 'tool_start')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'tool_end')).toHaveLength(3);
    // Concurrent: every call starts before the first one ends.
    expect(kinds.slice(1, 4)).toEqual(['tool_start', 'tool_start', 'tool_start']);
    expect(events.at(-1)?.data.result).toMatchObject({ sessionId: 's-1', answer: expect.any(String) });
    // The customer's own recommendations were allowed.
    expect(events.filter((e) => e.event === 'tool_end').every((e) => e.data.ok)).toBe(true);
  });

  it("refuses a customer token chatting as another customer", async () => {
    for (const path of ['/api/agent/chat', '/api/agent/chat/stream']) {
      const res = await server.call(path, { as: alice, json: { message: 'hi', userId: '12347' } });
      expect(res.status).toBe(403);
      expect((await json(res)).error.code).toBe('FORBIDDEN');
    }
  });

  it('validates the body, naming the fields', async () => {
    const res = await server.call('/api/agent/chat', { json: { message: '', sessionId: 'bad id!' } });
    expect(res.status).toBe(400);
    expect((await json(res)).error.details.issues.map((i: { field: string }) => i.field).sort()).toEqual(['message', 'sessionId']);
  });

  it('answers 503 while no agent is registered', async () => {
    const noAgent = await startTestServer({ agent: false });
    try {
      const res = await noAgent.call('/api/agent/chat', { json: { message: 'hi' } });
      expect(res.status).toBe(503);
      expect((await json(res)).error.code).toBe('UNAVAILABLE');
    } finally {
      await noAgent.close();
    }
  });
});
