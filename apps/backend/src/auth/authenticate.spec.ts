import { SignJWT } from 'jose';
import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';

describe('authentication', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.close());

  it('answers 401 with a JSON body and WWW-Authenticate when no credential is sent', async () => {
    for (const p of ['/api/products/85123A', '/api/users/17850/profile', '/api/tools', '/api/admin/jobs', '/mcp']) {
      const res = await server.call(p, { as: null });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const body = await json(res);
      // /mcp answers in JSON-RPC, with the same error inside.
      expect(p === '/mcp' ? body.error.data.code : body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers 401 for a wrong key, a malformed header, a forged or expired token', async () => {
    expect((await server.call('/api/products/85123A', { as: 'reco_service_wrong' })).status).toBe(401);
    const basic = await fetch(`${server.url}/api/products/85123A`, { headers: { authorization: 'Basic abc' } });
    expect(basic.status).toBe(401);
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('17850').setIssuer('reco').setAudience('reco-customer').setExpirationTime('5m').sign(new TextEncoder().encode('x'.repeat(40)));
    expect((await server.call('/api/users/17850/profile', { as: forged })).status).toBe(401);
    const secret = new TextEncoder().encode('a-test-secret-that-is-at-least-32-bytes-long');
    const expired = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('17850').setIssuer('reco').setAudience('reco-customer').setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(secret);
    const res = await server.call('/api/users/17850/profile', { as: expired });
    expect(res.status).toBe(401);
    expect((await json(res)).error.message).toMatch(/expired/);
  });

  it('refuses a customer token without an expiry (exp), however well signed', async () => {
    const secret = new TextEncoder().encode('a-test-secret-that-is-at-least-32-bytes-long');
    const forever = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('17850').setIssuer('reco').setAudience('reco-customer').setIssuedAt().sign(secret);
    const res = await server.call('/api/users/17850/profile', { as: forever });
    expect(res.status).toBe(401);
    expect((await json(res)).error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/expiry/) });
    // The same token with an expiry passes: only the missing claim is refused.
    const expiring = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('17850').setIssuer('reco').setAudience('reco-customer').setIssuedAt().setExpirationTime('5m').sign(secret);
    expect((await server.call('/api/users/17850/profile', { as: expiring })).status).toBe(200);
  });

  it('keeps health, the docs, the API description and the dashboard public', async () => {
    for (const p of ['/health/live', '/api/openapi.json', '/docs', '/', '/dashboard.js', '/metrics']) {
      expect([p, (await fetch(`${server.url}${p}`)).status]).toEqual([p, 200]);
    }
  });

  it('passes the caller to tools: a service key reads any customer, a token only its own', async () => {
    const token = (await server.tokens.issue('17850')).token;
    expect((await server.call('/api/tools/get_user_profile', { json: { userId: '12347' } })).status).toBe(200);
    expect((await server.call('/api/tools/get_user_profile', { as: token, json: { userId: '17850' } })).status).toBe(200);
    const other = await server.call('/api/tools/get_user_profile', { as: token, json: { userId: '12347' } });
    expect(other.status).toBe(403);
    expect((await json(other)).error.code).toBe('FORBIDDEN');
  });
});
