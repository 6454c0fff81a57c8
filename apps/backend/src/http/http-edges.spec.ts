import { DatabaseUnavailableError } from '@reco/data';
import { maxHeaderSize } from 'node:http';
import { connect } from 'node:net';
import type { AgentEvent } from '@reco/agent';
import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';
import type { AgentFactory } from '../services/app-services';

/** Sends raw bytes and reads until the server closes the connection. */
function rawExchange(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });
}

/** An assistant that plans, then fails: what a broken planner or model does mid-stream. */
const failingAgent: AgentFactory = () => ({
  chat: () => Promise.reject(new Error('the model at /srv/models/v3 exploded')),
  async *chatStream(): AsyncIterableIterator<AgentEvent> {
    yield { type: 'plan', step: 1, planner: 'rules', calls: [] };
    throw new Error('the model at /srv/models/v3 exploded');
  },
});

describe('HTTP edges', () => {
  let server: TestServer;
  let customer: string;
  beforeAll(async () => {
    server = await startTestServer({ deps: { responseCacheMs: 60_000 } });
    customer = (await server.tokens.issue('17850')).token;
  });
  afterAll(() => server.close());

  describe('requests past the header limit', () => {
    it(`answers 431 with the JSON error body, naming the limit (${maxHeaderSize} bytes)`, async () => {
      const res = await server.call(`/api/products/search?q=${'a'.repeat(maxHeaderSize + 1_000)}`);
      expect(res.status).toBe(431);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.headers.get('connection')).toBe('close');
      const body = await json(res);
      expect(body).toEqual({ error: { code: 'HEADERS_TOO_LARGE', message: expect.stringContaining(`${maxHeaderSize} bytes`) } });
      // The server goes on serving.
      expect((await server.call('/api/products/85123A')).status).toBe(200);
    });

    it('answers a request the parser refuses with 400 and the JSON error body, then closes', async () => {
      const answer = await rawExchange(server.url, 'GET /api/products/85123A HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n');
      const [head, body] = answer.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(head).toMatch(/\r\nConnection: close(\r\n|$)/);
      expect(JSON.parse(body ?? '')).toEqual({ error: { code: 'BAD_REQUEST', message: 'Malformed HTTP request' } });
    });
  });

  describe('Cache-Control on /api answers', () => {
    it('forbids storing per-customer, admin, write and error answers, also when served from the response cache', async () => {
      const answers: Record<string, Response> = {};
      for (const round of [1, 2]) {
        answers[`recommendations (service key, ${round})`] = await server.call('/api/users/17850/recommendations?k=2');
        answers[`recommendations (customer token, ${round})`] = await server.call('/api/users/17850/recommendations?k=2', { as: customer });
      }
      answers['profile'] = await server.call('/api/users/17850/profile', { as: customer });
      answers['session recommendations'] = await server.call('/api/sessions/visit-1/recommendations?k=2');
      answers['customer token'] = await server.call('/api/auth/customer-token', { json: { customerId: '17850' } });
      answers['tool call'] = await server.call('/api/tools/get_user_segment', { json: { userId: '17850' } });
      answers['tool list'] = await server.call('/api/tools');
      answers['admin jobs'] = await server.call('/api/admin/jobs', { as: server.adminKey });
      answers['metrics summary'] = await server.call('/api/metrics/summary');
      answers['no key'] = await server.call('/api/users/17850/recommendations?k=2', { as: null });
      answers['another customer'] = await server.call('/api/users/12347/recommendations?k=2', { as: customer });
      answers['unknown route'] = await server.call('/api/no-such-route');
      const seen = Object.fromEntries(Object.entries(answers).map(([what, res]) => [what, `${res.status} ${res.headers.get('cache-control')}`]));
      expect(seen).toEqual(Object.fromEntries(Object.entries(answers).map(([what, res]) => [what, `${res.status} no-store`])));
      expect(answers['recommendations (customer token, 2)']?.status).toBe(200);
      expect(answers['admin jobs']?.status).toBe(200);
    });

    it('lets clients store catalogue reads, asking again before each reuse', async () => {
      for (const path of ['/api/products/85123A', '/api/products/85123A', '/api/popular?k=2', '/api/products/search?q=lantern', '/api/products/85123A/similar?k=2']) {
        const res = await server.call(path, { as: customer });
        expect([path, res.status, res.headers.get('cache-control')]).toEqual([path, 200, 'no-cache']);
      }
    });

    it('keeps the stream of a conversation out of caches', async () => {
      const res = await server.call('/api/agent/chat/stream', { as: customer, json: { message: 'lantern' } });
      expect(res.headers.get('cache-control')).toBe('no-store, no-transform');
      await res.text();
    });
  });

  it('answers the assistant 503 with Retry-After when its database is down, like every other route', async () => {
    const down = new DatabaseUnavailableError(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    const unreachable: AgentFactory = () => ({
      chat: () => Promise.reject(down),
      async *chatStream(): AsyncIterableIterator<AgentEvent> {
        yield* [];
        throw down;
      },
    });
    const failing = await startTestServer({ services: { agentFactory: async () => unreachable } });
    try {
      const res = await failing.call('/api/agent/chat', { json: { message: 'a lantern' } });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(JSON.stringify(await res.json())).not.toContain('5432');
    } finally {
      await failing.close();
    }
  });

  it("types the agent stream's error event like every other event, and keeps internals out of it", async () => {
    const failing = await startTestServer({ services: { agentFactory: async () => failingAgent } });
    try {
      const res = await failing.call('/api/agent/chat/stream', { json: { message: 'a lantern' } });
      expect(res.status).toBe(200);
      const frames = (await res.text()).split('\n\n').filter((frame) => frame.trim());
      const events = frames.map((frame) => ({ event: /^event: (.*)$/m.exec(frame)?.[1], data: JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? 'null') }));
      expect(events.map((e) => e.event)).toEqual(['plan', 'error']);
      for (const { event, data } of events) expect(data.type).toBe(event);
      expect(events[1]?.data).toEqual({ type: 'error', error: { code: 'INTERNAL', message: 'The assistant failed to answer' } });
    } finally {
      await failing.close();
    }
  });
});
