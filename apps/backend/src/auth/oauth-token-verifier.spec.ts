import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { refusedPort, startTestIssuer, type TestIssuer } from '../__fixtures__/oauth-issuer';
import { startTestServer, type TestServer } from '../__fixtures__/test-server';
import { ApiKeyStore } from './api-key-store';
import { AuthFailureLimit } from '../limits/auth-failure-limit';
import { MemoryRateLimitStore } from '../limits/memory-rate-limit-store';
import { metadataUrlsOf } from './oauth-discovery';
import { loadConfig } from '@reco/runtime';
import { bearerChallenge, insufficientScopeChallenge, oauthSettingsFrom, protectedResourceMetadataUrl } from './oauth-resource';
import { OAuthTokenVerifier } from './oauth-token-verifier';

const RESOURCE = 'https://reco.example.test/mcp';
/** What the settings default to from the config (OAUTH_CUSTOMER_CLAIM, OAUTH_REQUIRE_AT_JWT unset). */
const DEFAULTS = { scopes: [], customerClaim: 'sub', requireAccessTokenType: true };

describe('OAuthTokenVerifier', () => {
  let issuer: TestIssuer;
  beforeAll(async () => (issuer = await startTestIssuer()));
  afterAll(() => issuer.close());

  const verifierOf = (overrides: { issuer?: string; jwksUrl?: string; customerClaim?: string; requireAccessTokenType?: boolean } = {}, timeoutMs = 1_000) =>
    new OAuthTokenVerifier({ issuer: issuer.url, resource: RESOURCE, ...DEFAULTS, ...overrides }, { timeoutMs, cooldownMs: 100 });

  it('makes reco:admin an admin, reco:staff a service caller (scope or scp), and reco:customer the customer its sub names', async () => {
    const verifier = verifierOf({ jwksUrl: issuer.jwksUrl });
    const callerFor = async (claims: Record<string, unknown>) => verifier.verify(await issuer.token(RESOURCE, { claims }));
    expect(await callerFor({ sub: 'ops', scope: 'reco:staff reco:admin' })).toEqual({ caller: { kind: 'admin', keyId: 'oauth:ops' } });
    expect(await callerFor({ sub: 'shop-server', scope: 'reco:staff' })).toEqual({ caller: { kind: 'service', keyId: 'oauth:shop-server' } });
    expect(await callerFor({ sub: 'shop-server', scp: ['reco:staff'] })).toEqual({ caller: { kind: 'service', keyId: 'oauth:shop-server' } });
    expect(await callerFor({ sub: '17850', scope: 'openid reco:customer' })).toEqual({ caller: { kind: 'customer', customerId: '17850' } });
    expect(await callerFor({ sub: '17850', scp: ['reco:customer'] })).toEqual({ caller: { kind: 'customer', customerId: '17850' } });
    // The highest of Reco's scopes counts.
    expect(await callerFor({ sub: '17850', scope: 'reco:customer reco:staff' })).toEqual({ caller: { kind: 'service', keyId: 'oauth:17850' } });
    expect(await callerFor({ sub: 'x'.repeat(300), scope: 'reco:customer' })).toEqual({ error: expect.stringMatching(/customer claim \(sub\) is not a valid customer id: at most 128 characters/), forged: false });
    // A token of the server that lapsed within the clock tolerance still passes; one past it does not.
    const now = Math.floor(Date.now() / 1000);
    expect(await callerFor({ sub: '17850', scope: 'reco:customer', exp: now - 10 })).toMatchObject({ caller: { customerId: '17850' } });
    expect(await callerFor({ sub: '17850', scope: 'reco:customer', exp: now - 60 })).toEqual({ error: 'The access token has expired', forged: false });
  });

  it("makes no caller of a valid token without one of Reco's scopes, whatever its sub", async () => {
    const verifier = verifierOf({ jwksUrl: issuer.jwksUrl });
    const insufficient = { insufficientScope: expect.stringMatching(/none of Reco's scopes \(reco:customer, reco:staff, reco:admin\); ask the authorization server for reco:customer/) };
    for (const claims of [{ sub: '17850' }, { sub: '17850', scope: 'openid profile email' }, { sub: '17850', scp: ['read', 'reco:customers'] }]) {
      expect([claims, await verifier.verify(await issuer.token(RESOURCE, { claims }))]).toEqual([claims, insufficient]);
    }
  });

  it('takes the customer from OAUTH_CUSTOMER_CLAIM, never from sub, and names a missing or malformed claim', async () => {
    const verifier = verifierOf({ jwksUrl: issuer.jwksUrl, customerClaim: 'customer_id' });
    const callerFor = async (claims: Record<string, unknown>) => verifier.verify(await issuer.token(RESOURCE, { claims: { scope: 'reco:customer', ...claims } }));
    expect(await callerFor({ sub: 'auth0|5f1c', customer_id: '17850' })).toEqual({ caller: { kind: 'customer', customerId: '17850' } });
    // A sub that looks like a customer id does not stand in for the claim.
    expect(await callerFor({ sub: '12347' })).toEqual({ error: 'The access token has scope reco:customer but no customer claim (customer_id)', forged: false });
    expect(await callerFor({ sub: 'a', customer_id: 17850 })).toEqual({ error: "The access token's customer claim (customer_id) must be a string, not a number", forged: false });
    expect(await callerFor({ sub: 'a', customer_id: ['17850'] })).toEqual({ error: "The access token's customer claim (customer_id) must be a string, not a list", forged: false });
    expect(await callerFor({ sub: 'a', customer_id: null })).toMatchObject({ error: expect.stringMatching(/must be a string, not null/) });
    expect(await callerFor({ sub: 'a', customer_id: '' })).toEqual({ error: "The access token's customer claim (customer_id) is not a valid customer id: must not be empty", forged: false });
    // Staff scopes need no customer claim.
    expect(await callerFor({ sub: 'alice', scope: 'reco:staff' })).toEqual({ caller: { kind: 'service', keyId: 'oauth:alice' } });
    // A claim name the object's prototype has is still only the token's own claim.
    const prototypeNamed = verifierOf({ jwksUrl: issuer.jwksUrl, customerClaim: 'constructor' });
    expect(await prototypeNamed.verify(await issuer.token(RESOURCE, { claims: { sub: 'a', scope: 'reco:customer' } }))).toMatchObject({ error: expect.stringMatching(/no customer claim \(constructor\)/) });
  });

  it('takes only RFC 9068 access tokens (typ at+jwt) unless told to take typ JWT too', async () => {
    const claims = { sub: '17850', scope: 'reco:customer' };
    const strict = verifierOf({ jwksUrl: issuer.jwksUrl });
    const notAccessToken = { error: expect.stringMatching(/not an access token: its typ header must be at\+jwt/), forged: false };
    expect(await strict.verify(await issuer.token(RESOURCE, { claims, typ: 'JWT' }))).toEqual(notAccessToken);
    expect(await strict.verify(await issuer.token(RESOURCE, { claims, typ: 'id_token+jwt' }))).toEqual(notAccessToken);
    // The media type's long form is the same type (RFC 7515 §4.1.9).
    expect(await strict.verify(await issuer.token(RESOURCE, { claims, typ: 'application/at+jwt' }))).toMatchObject({ caller: { customerId: '17850' } });
    const lenient = verifierOf({ jwksUrl: issuer.jwksUrl, requireAccessTokenType: false });
    expect(await lenient.verify(await issuer.token(RESOURCE, { claims, typ: 'JWT' }))).toEqual({ caller: { kind: 'customer', customerId: '17850' } });
    expect(await lenient.verify(await issuer.token(RESOURCE, { claims }))).toEqual({ caller: { kind: 'customer', customerId: '17850' } });
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
      const verifier = new OAuthTokenVerifier({ issuer: oidc.url, resource: RESOURCE, ...DEFAULTS });
      const token = await oidc.token(RESOURCE, { claims: { sub: '17850', scope: 'reco:customer' } });
      expect(await verifier.verify(token)).toEqual({ caller: { kind: 'customer', customerId: '17850' } });
      expect(await verifier.verify(token)).toMatchObject({ caller: { kind: 'customer' } });
      expect([oidc.requests.get('/.well-known/oauth-authorization-server'), oidc.requests.get('/.well-known/openid-configuration'), oidc.requests.get('/jwks')]).toEqual([1, 1, 1]);
    } finally {
      await oidc.close();
    }
  });

  it('is unavailable, not refusing the token, when discovery fails or names another issuer', async () => {
    const token = await issuer.token(RESOURCE, { claims: { sub: '17850', scope: 'reco:customer' } });
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
      const token = await issuer.token(RESOURCE, { claims: { sub: '17850', scope: 'reco:customer' } });
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

  it("settles the config's unset keys on Reco's three scopes, the sub claim and at+jwt only", () => {
    const oauth = { OAUTH_ISSUER: 'https://auth.example.com', OAUTH_RESOURCE: 'https://reco.example.com/mcp' };
    expect(oauthSettingsFrom(loadConfig({}))).toBeUndefined();
    expect(oauthSettingsFrom(loadConfig(oauth))).toEqual({
      issuer: 'https://auth.example.com',
      resource: 'https://reco.example.com/mcp',
      jwksUrl: undefined,
      scopes: ['reco:customer', 'reco:staff', 'reco:admin'],
      customerClaim: 'sub',
      requireAccessTokenType: true,
    });
    const set = oauthSettingsFrom(loadConfig({ ...oauth, OAUTH_SCOPES: 'reco:staff', OAUTH_CUSTOMER_CLAIM: 'customer_id', OAUTH_REQUIRE_AT_JWT: 'false' }));
    expect(set).toMatchObject({ scopes: ['reco:staff'], customerClaim: 'customer_id', requireAccessTokenType: false });
    // The challenge asks for the least scope the metadata offers: here staff, as no customer scope is offered.
    expect(insufficientScopeChallenge(set!)).toBe('Bearer error="insufficient_scope", scope="reco:staff", resource_metadata="https://reco.example.com/.well-known/oauth-protected-resource/mcp"');
    expect(insufficientScopeChallenge(oauthSettingsFrom(loadConfig(oauth))!)).toContain('scope="reco:customer"');
  });
});

describe('failed OAuth authentication at /mcp and the failure limit', () => {
  let issuer: TestIssuer;
  let server: TestServer;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    const oauth = new OAuthTokenVerifier({ issuer: issuer.url, resource: RESOURCE, jwksUrl: issuer.jwksUrl, ...DEFAULTS });
    const failures = new AuthFailureLimit({ store: new MemoryRateLimitStore(), limit: 2, windowMs: 60_000 });
    server = await startTestServer({ deps: { auth: { keys: new ApiKeyStore([]), oauth, failures } } });
  });
  afterAll(async () => {
    await server.close();
    await issuer.close();
  });

  const post = (token: string) => server.call('/mcp', { as: token, json: { jsonrpc: '2.0', id: 1, method: 'ping' }, headers: { accept: 'application/json, text/event-stream' } });

  it('counts a forged token as a guess but not a real token that expired, names another audience or has no Reco scope', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await issuer.token(RESOURCE, { claims: { sub: '17850', scope: 'reco:customer', exp: now - 120 } });
    const elsewhere = await issuer.token('https://elsewhere.example/mcp', { claims: { sub: '17850', scope: 'reco:customer' } });
    const unscoped = await issuer.token(RESOURCE, { claims: { sub: '17850', scope: 'openid' } });
    for (let i = 0; i < 3; i++) {
      expect((await post(expired)).status).toBe(401);
      expect((await post(elsewhere)).status).toBe(401);
      expect((await post(unscoped)).status).toBe(403);
    }
    const forged = await issuer.token(RESOURCE, { claims: { sub: '17850', scope: 'reco:customer' }, foreignKey: true });
    expect((await post(forged)).status).toBe(401);
    expect((await post(forged)).status).toBe(401);
    const closed = await post(forged);
    expect(closed.status).toBe(429);
    expect(Number(closed.headers.get('retry-after'))).toBeGreaterThan(0);
    // Closed means closed: a valid token from the address waits too.
    expect((await post(await issuer.token(RESOURCE, { claims: { sub: '17850', scope: 'reco:customer' } }))).status).toBe(429);
  });
});
