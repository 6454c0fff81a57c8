import { z } from 'zod';
import { defineTool, ToolRegistry } from '@reco/base-tools';
import { DatabaseUnavailableError } from '@reco/data';
import { startTestServer, type TestServer } from '../__fixtures__/test-server';

// What a driver or a bug says, which no answer may repeat.
const SECRET = "Can't reach database server at 10.1.2.3:5432 (/srv/reco/libs/data/dist/repositories/prisma.js:12:37)";
const driverDown = () => new DatabaseUnavailableError(new Error(SECRET));

const failing = (name: string, err: () => unknown) =>
  defineTool({ name, description: 'Fails, for the spec', input: z.object({ userId: z.string() }), output: z.object({}), execute: async () => Promise.reject(err()) });

interface ErrorAnswer {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

describe('error answers', () => {
  let server: TestServer;
  let listCustomers: () => Promise<never>;
  beforeAll(async () => {
    const registry = new ToolRegistry().register(failing('get_purchase_history', () => new Error(SECRET)), failing('get_user_profile', driverDown));
    server = await startTestServer({
      deps: { registry },
      services: { customerProfiles: async () => ({ listCustomers: () => listCustomers() }) },
    });
  });
  afterAll(() => server.close());

  const answer = async (res: Response) => {
    const text = await res.text();
    expect(text).not.toMatch(/10\.1\.2\.3|\/srv\/|prisma|reach database/);
    return { status: res.status, retryAfter: res.headers.get('retry-after'), requestId: res.headers.get('x-request-id'), body: JSON.parse(text) as ErrorAnswer };
  };

  it('answers a failure nobody mapped with 500, a generic message and the request id, never the error message', async () => {
    listCustomers = async () => Promise.reject(new Error(SECRET));
    const { status, requestId, body } = await answer(await server.call('/api/users'));
    expect(status).toBe(500);
    expect(body.error).toEqual({ code: 'INTERNAL', message: `Internal server error (request ${requestId}); the details are in the server's log`, details: { requestId } });
  });

  it("answers a tool's failure with 500 and the request id, on its route and over /api/tools", async () => {
    const onRoute = await answer(await server.call('/api/users/C-1/purchases'));
    expect(onRoute).toMatchObject({ status: 500, body: { error: { code: 'TOOL_FAILED', details: { requestId: onRoute.requestId } } } });
    const overTools = await server.call('/api/tools/get_purchase_history', { json: { userId: 'C-1' } });
    const text = await overTools.text();
    expect(overTools.status).toBe(500);
    expect(JSON.parse(text)).toMatchObject({ ok: false, error: { code: 'TOOL_FAILED', details: { requestId: overTools.headers.get('x-request-id') } } });
    expect(text).not.toMatch(/10\.1\.2\.3|\/srv\/|reach database/);
  });

  it('answers a database that cannot be reached with 503 and Retry-After, through a service or a tool', async () => {
    listCustomers = async () => Promise.reject(driverDown());
    const viaService = await answer(await server.call('/api/users'));
    expect(viaService).toMatchObject({ status: 503, retryAfter: '5', body: { error: { code: 'UNAVAILABLE', details: { retryAfterSeconds: 5, requestId: viaService.requestId } } } });
    // A service that wraps the failure keeps it as its cause: still a 503.
    listCustomers = async () => Promise.reject(new Error('listing failed', { cause: driverDown() }));
    expect(await answer(await server.call('/api/users'))).toMatchObject({ status: 503, retryAfter: '5' });
    const viaTool = await answer(await server.call('/api/users/C-1/profile'));
    expect(viaTool).toMatchObject({ status: 503, retryAfter: '5', body: { error: { code: 'UNAVAILABLE', details: { retryAfterSeconds: 5 } } } });
  });
});
