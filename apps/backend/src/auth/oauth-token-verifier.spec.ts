import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { refusedPort, startTestIssuer, type TestIssuer } from '../__fixtures__/oauth-issuer';
import { startTestServer, type TestServer } from '../__fixtures__/test-server';
import { ApiKeyStore } from './api-key-store';
import { AuthFailureLimit } from '../limits/auth-failure-limit';
import { MemoryRateLimitStore } from '../limits/memory-rate-limit-store';
import { metadataUrlsOf } from './oauth-discovery';
import { bearerChallenge, protectedResourceMetadataUrl } from './oauth-resource';
import { OAuthTokenVerifier } from './oauth-token-verifier';

const RESOURCE = 'https://reco.example.test/mcp';

describe('OAuthTokenVerifier', () => {
  let issuer: TestIssuer;
  beforeAll(async () => (issuer = await startTestIssuer()));
  afterAll(() => issuer.close());

  const verifierOf = (overrides: { issuer?: string; jwksUrl?: string } = {}, timeoutMs = 1_000) =>
    new OAuthTokenVerifier({ issuer: issuer.url, resource: RESOURCE, scopes: [], ...overrides }, { timeoutMs, cooldownMs: 100 });

  it('makes reco:admin an admin, reco:staff a service caller (scope or scp), and anything else its own customer', async () => {
    const verifier = verifierOf({ jwksUrl: issuer.jwksUrl });
    const callerFor = async (claims: Record<string, unknown>) => verifier.verify(await issuer.token(RESOURCE, { claims }));
    expect(await callerFor({ sub: 'ops', scope: 'reco:staff reco:admin' })).toEqual({ caller: { kind: 'admin', keyId: 'oauth:ops' } });
    expect(await callerFor({ sub: 'shop-server', scope: 'reco:staff' })).toEqual({ caller: { kind: 'service', keyId: 'oauth:shop-server' } });
    expect(await callerFor({ sub: 'shop-server', scp: ['reco:staff'] })).toEqual({ caller: { kind: 'service', keyId: 'oauth:shop-server' } });
    expect(await callerFor({ sub: '17850', scope: 'openid profile' })).toEqual({ caller: { kind: 'customer', customerId: '17850' } });
    expect(await callerFor({ sub: '17850' })).toEqual({ caller: { kind: 'customer', customerId: '17850' } });
    expect(await callerFor({ sub: 'x'.repeat(300) })).toEqual({ error: expect.stringMatching(/not a valid customer id/), forged: false });
    // A token of the server that lapsed within the clock tolerance still passes; one past it does not.
    const now = Math.floor(Date.now() / 1000);
    expect(await callerFor({ sub: '17850', exp: now - 10 })).toMatchObject({ caller: { customerId: '17850' } });
    expect(await callerFor({ sub: '17850', exp: now - 60 })).toEqual({ error: 'The access token has expired', forged: false });
  });

  it('tells a token of its issuer from others by the unverified iss only', async () => {
    const verifier = verifierOf({ jwksUrl: issuer.jwksUrl });
    expect(verifier.claimsOurIssuer(await issuer.token(RESOURCE, { claims: { sub: 'a' } }))).toBe(true);
    expect(verifier.claimsOurIssuer(await issuer.token(RESOURCE, { claims: { sub: 'a', iss: 'reco' } }))).toBe(false);
    expect(verifier.claimsOurIssuer('reco_service_abc')).toBe(false);
    expect(verifier.claimsOurIssuer('a.b.c')).toBe(false);
  });

  it("discovers the key set from the issuer's OpenID configuration when it has no RFC 8414 metadata", async () => {
    const oidc = await startTestIssuer({ metadata: 'openid-configuration' });
    try {
      const verifier = new OAuthTokenVerifier({ issuer: oidc.url, resource: RESOURCE, scopes: [] });
      const token = await oidc.token(RESOURCE, { claims: { sub: '17850' } });
      expect(await verifier.verify(token)).toEqual({ caller: { kind: 'customer', customerId: '17850' } });
      expect(await verifier.verify(token)).toMatchObject({ caller: { kind: 'customer' } });
      expect([oidc.requests.get('/.well-known/oauth-authorization-server'), oidc.requests.get('/.well-known/openid-configuration'), oidc.requests.get('/jwks')]).toEqual([1, 1, 1]);
    } finally {
      await oidc.close();
    }
  });

  it('is unavailable, not refusing the token, when discovery fails or names another issuer', async () => {
    const token = await issuer.token(RESOURCE, { claims: { sub: '17850' } });
    const port = await refusedPort();
    const unreachable = await verifierOf({ issuer: `http://127.0.0.1:${port}` }).verify(token);
    expect(unreachable).toEqual({ unavailable: expect.objectContaining({ message: 'fetch failed' }) });
    // The issuer's metadata names itself, not this configured alias of it.
    const alias = await verifierOf({ issuer: `${issuer.url}/` }).verify(token);
    expect(alias).toEqual({ unavailable: expect.objectContaining({ message: expect.stringMatching(/names the issuer/) }) });
  });

  it('gives up on a key set that does not answer within the timeout, and on one that answers 500', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer(() => undefined);
    silent.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const broken: Server = createServer((_req, res) => res.writeHead(500).end('{"error":"boom"}'));
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    try {
      const token = await issuer.token(RESOURCE, { claims: { sub: '17850' } });
      const started = Date.now();
      const slow = await verifierOf({ jwksUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/jwks` }, 300).verify(token);
      expect(slow).toEqual({ unavailable: expect.objectContaining({ code: 'ERR_JWKS_TIMEOUT' }) });
      expect(Date.now() - started).toBeLessThan(2_000);
      const failing = await verifierOf({ jwksUrl: `http://127.0.0.1:${(broken.address() as AddressInfo).port}/jwks` }).verify(token);
      expect(failing).toEqual({ unavailable: expect.objectContaining({ message: expect.stringMatching(/Expected 200 OK/) }) });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
      await new Promise((resolve) => broken.close(resolve));
    }
  });
});

describe('OAuth resource helpers', () => {
  it('puts the well-known name between the host and the path (RFC 9728 §3.1, RFC 8414 §3.1)', () => {
    expect(protectedResourceMetadataUrl('https://reco.example.com/mcp')).toBe('https://reco.example.com/.well-known/oauth-protected-resource/mcp');
    expect(protectedResourceMetadataUrl('https://reco.example.com:8443/shop/mcp/')).toBe('https://reco.example.com:8443/.well-known/oauth-protected-resource/shop/mcp');
    expect(metadataUrlsOf('https://auth.example.com')).toEqual(['https://auth.example.com/.well-known/oauth-authorization-server', 'https://auth.example.com/.well-known/openid-configuration']);
    expect(metadataUrlsOf('https://auth.example.com/tenant1')).toEqual([
      'https://auth.example.com/.well-known/oauth-authorization-server/tenant1',
      'https://auth.example.com/.well-known/openid-configuration/tenant1',
      'https://auth.example.com/tenant1/.well-known/openid-configuration',
    ]);
    expect(bearerChallenge(undefined, true)).toBe('Bearer realm="reco"');
  });
});

describe('failed OAuth authentication at /mcp and the failure limit', () => {
  let issuer: TestIssuer;
  let server: TestServer;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    const oauth = new OAuthTokenVerifier({ issuer: issuer.url, resource: RESOURCE, jwksUrl: issuer.jwksUrl, scopes: [] });
    const failures = new AuthFailureLimit({ store: new MemoryRateLimitStore(), limit: 2, windowMs: 60_000 });
    server = await startTestServer({ deps: { auth: { keys: new ApiKeyStore([]), oauth, failures } } });
  });
  afterAll(async () => {
    await server.close();
    await issuer.close();
  });

  const post = (token: string) => server.call('/mcp', { as: token, json: { jsonrpc: '2.0', id: 1, method: 'ping' }, headers: { accept: 'application/json, text/event-stream' } });

  it("counts a forged token as a guess but not a real token that expired or names another audience", async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await issuer.token(RESOURCE, { claims: { sub: '17850', exp: now - 120 } });
    const elsewhere = await issuer.token('https://elsewhere.example/mcp', { claims: { sub: '17850' } });
    for (let i = 0; i < 3; i++) {
      expect((await post(expired)).status).toBe(401);
      expect((await post(elsewhere)).status).toBe(401);
    }
    const forged = await issuer.token(RESOURCE, { claims: { sub: '17850' }, foreignKey: true });
    expect((await post(forged)).status).toBe(401);
    expect((await post(forged)).status).toBe(401);
    const closed = await post(forged);
    expect(closed.status).toBe(429);
    expect(Number(closed.headers.get('retry-after'))).toBeGreaterThan(0);
    // Closed means closed: a valid token from the address waits too.
    expect((await post(await issuer.token(RESOURCE, { claims: { sub: '17850' } }))).status).toBe(429);
  });
});
