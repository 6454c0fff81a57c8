import type { AnyTool } from '@reco/base-tools';
import { getUserProfileTool, type CustomerProfileService } from '@reco/user-tools';
import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';
import { toolCalls } from '../__fixtures__/stand-in-tools';

describe('user routes', () => {
  let server: TestServer;
  let alice: string;
  beforeAll(async () => {
    server = await startTestServer({ database: true });
    alice = (await server.tokens.issue('17850')).token;
  });
  afterAll(() => server.close());

  it('lists customers a page at a time (staff only)', async () => {
    const first = await json(await server.call('/api/users?limit=3'));
    expect(first.items).toHaveLength(3);
    expect(first.items[0]).toEqual({ customerId: expect.any(String), country: expect.any(String), firstSeen: expect.any(String), lastSeen: expect.any(String) });
    const next = await json(await server.call(`/api/users?limit=3&afterId=${first.nextAfterId}`));
    expect(next.items[0].customerId > first.items[2].customerId).toBe(true);
    expect((await server.call('/api/users', { as: alice })).status).toBe(403);
  });

  it("answers a customer's recommendations, profile, segment and purchases to a service key", async () => {
    const recs = await server.call('/api/users/17850/recommendations?k=3&excludePurchased=true&maxPrice=5');
    expect(recs.status).toBe(200);
    const body = await json(recs);
    expect(body).toMatchObject({ userId: '17850', strategy: 'stand-in' });
    expect(body.items).toHaveLength(3);
    expect(body.items[0]).toHaveProperty('reason');
    expect(await json(await server.call('/api/users/17850/profile'))).toMatchObject({ customerId: '17850', orders: 7 });
    expect(await json(await server.call('/api/users/17850/segment'))).toEqual({ customerId: '17850', segment: 'loyal' });
    expect((await json(await server.call('/api/users/17850/purchases?limit=1'))).orders).toHaveLength(1);
  });

  it('answers segment sizes to staff, not to customers', async () => {
    const res = await server.call('/api/segments');
    expect(res.status).toBe(200);
    expect((await json(res)).segments.length).toBeGreaterThan(3);
    expect((await server.call('/api/segments', { as: alice })).status).toBe(403);
  });

  it('lets a customer token read its own customer only, refusing another before any work', async () => {
    expect((await server.call('/api/users/17850/recommendations', { as: alice })).status).toBe(200);
    const before = toolCalls.get('get_recommendations') ?? 0;
    for (const path of ['recommendations', 'profile', 'segment', 'purchases']) {
      const res = await server.call(`/api/users/12347/${path}`, { as: alice });
      expect(res.status).toBe(403);
      expect((await json(res)).error.code).toBe('FORBIDDEN');
    }
    expect(toolCalls.get('get_recommendations') ?? 0).toBe(before);
  });

  it('answers 404 for an unknown customer and 400 for a malformed id or k', async () => {
    expect((await server.call('/api/users/99999/profile')).status).toBe(404);
    // Any 1-128 printable characters is a customer id (the open model): 129 are not.
    const bad = await server.call(`/api/users/${'x'.repeat(129)}/recommendations?k=0`);
    expect(bad.status).toBe(400);
    const fields = (await json(bad)).error.details.issues.map((i: { field: string }) => i.field).sort();
    expect(fields).toEqual(['id', 'k']);
  });

  it('issues customer tokens to staff keys only', async () => {
    const res = await server.call('/api/auth/customer-token', { json: { customerId: '12347' } });
    expect(res.status).toBe(200);
    const { token, tokenType, expiresAt } = await json(res);
    expect(tokenType).toBe('Bearer');
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    expect((await server.call('/api/users/12347/profile', { as: token })).status).toBe(200);
    expect((await server.call('/api/auth/customer-token', { as: token, json: { customerId: '17850' } })).status).toBe(403);
    const bad = await server.call('/api/auth/customer-token', { json: { customerId: '' } });
    expect((await json(bad)).error.details.issues[0].field).toBe('customerId');
  });
});

describe('customer tokens are issued for customers the shop has', () => {
  let server: TestServer;
  beforeAll(async () => {
    // The real profile tool over the sample database, in place of the stand-in.
    server = await startTestServer({ database: true, omitTools: ['get_user_profile'] });
    const profiles = (await server.services.customerProfiles()) as CustomerProfileService;
    server.registry.register(getUserProfileTool(profiles) as AnyTool);
  });
  afterAll(() => server.close());

  it('answers 404 for a customer id the shop does not have, and issues nothing', async () => {
    const res = await server.call('/api/auth/customer-token', { json: { customerId: '99999999' } });
    expect(res.status).toBe(404);
    const body = await json(res);
    expect(body.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('99999999') });
    expect(body).not.toHaveProperty('token');
  });

  it('issues one for a customer of the sample, which then reads its own profile', async () => {
    const customerId = (await json(await server.call('/api/users?limit=1'))).items[0].customerId as string;
    const res = await server.call('/api/auth/customer-token', { json: { customerId } });
    expect(res.status).toBe(200);
    const { token } = await json(res);
    expect(await json(await server.call(`/api/users/${customerId}/profile`, { as: token }))).toMatchObject({ customer: { customerId } });
  });
});
