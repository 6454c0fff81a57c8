import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SignJWT } from 'jose';
import { refusedPort, startTestIssuer, unsignedToken, type TestIssuer } from '../__fixtures__/oauth-issuer';
import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';
import { ProtectedResourceMetadataSchema } from '../contracts/service.contracts';
import { DEFAULT_OAUTH_SCOPES } from './oauth-resource';
import { OAuthTokenVerifier } from './oauth-token-verifier';

// The resource is what the deployment is called, not where the test reaches it: the metadata URL must come from it.
const RESOURCE = 'https://reco.example.test/mcp';
const METADATA_URL = 'https://reco.example.test/.well-known/oauth-protected-resource/mcp';
const COOLDOWN_MS = 150;
/** The settings' config defaults besides the scopes: the customer in `sub`, RFC 9068 access tokens only. */
const DEFAULTS = { customerClaim: 'sub', requireAccessTokenType: true };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A JSON-RPC `initialize` POSTed to /mcp as an MCP client sends it, with this bearer credential. */
function postInitialize(server: TestServer, credential: string | null): Promise<Response> {
  const body = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'oauth-spec', version: '1.0.0' } } };
  return fetch(`${server.url}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(credential ? { authorization: `Bearer ${credential}` } : {}) },
    body: JSON.stringify(body),
  });
}

async function connect(server: TestServer, token: string): Promise<Client> {
  const client = new Client({ name: 'oauth-spec', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}

const textOf = (result: object) => ((result as { content?: unknown }).content as { text: string }[] | undefined)?.[0]?.text ?? '';

describe('/mcp as an OAuth 2.1 protected resource', () => {
  let issuer: TestIssuer;
  let server: TestServer;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    // No key set URL: it is discovered from the issuer's metadata.
    const oauth = new OAuthTokenVerifier({ issuer: issuer.url, resource: RESOURCE, scopes: DEFAULT_OAUTH_SCOPES, ...DEFAULTS }, { timeoutMs: 2_000, cooldownMs: COOLDOWN_MS });
    server = await startTestServer({ oauth });
  });
  afterAll(async () => {
    await server.close();
    await issuer.close();
  });

  it('publishes its protected-resource metadata at both well-known paths, publicly and briefly cacheable', async () => {
    for (const path of ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource']) {
      const res = await fetch(`${server.url}${path}`, { headers: { origin: 'https://inspector.example' } });
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('cache-control')).toBe('public, max-age=300');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const document = await json(res);
      // What the OpenAPI document (and the generated client) says it is.
      expect(ProtectedResourceMetadataSchema.safeParse(document).success).toBe(true);
      expect(document).toEqual({
        resource: RESOURCE,
        authorization_servers: [issuer.url],
        bearer_methods_supported: ['header'],
        scopes_supported: ['reco:customer', 'reco:staff', 'reco:admin'],
        resource_name: 'Reco',
        resource_documentation: 'https://reco.example.test/docs',
      });
    }
  });

  it('answers 401 without a token, naming the metadata (from the configured resource, not the Host) in WWW-Authenticate', async () => {
    const res = await postInitialize(server, null);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(`Bearer realm="reco", resource_metadata="${METADATA_URL}"`);
    expect((await json(res)).error.message).toMatch(/access token is required/);
    // /api takes no OAuth tokens: its challenge names no metadata.
    const api = await server.call('/api/users/17850/profile', { as: null });
    expect(api.status).toBe(401);
    expect(api.headers.get('www-authenticate')).toBe('Bearer realm="reco"');
  });

  it('lets a staff-scoped token list the tools and call a staff tool', async () => {
    const client = await connect(server, await issuer.token(RESOURCE, { claims: { sub: 'alice@shop', scope: 'openid reco:staff' } }));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['get_segment_summary', 'get_user_profile']));
      const summary = await client.callTool({ name: 'get_segment_summary', arguments: {} });
      expect(summary.isError).toBeFalsy();
      expect(JSON.parse(textOf(summary))).toMatchObject({ segments: expect.arrayContaining([expect.objectContaining({ segment: expect.any(String) })]) });
      // Staff reads any customer.
      expect((await client.callTool({ name: 'get_user_profile', arguments: { userId: '12347' } })).isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });

  it("keeps a reco:customer token to its own customer's data", async () => {
    const client = await connect(server, await issuer.token(RESOURCE, { claims: { sub: '17850', scope: 'openid reco:customer' } }));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).not.toContain('get_segment_summary');
      const own = await client.callTool({ name: 'get_user_profile', arguments: { userId: '17850' } });
      expect(own.isError).toBeFalsy();
      expect(JSON.parse(textOf(own))).toMatchObject({ customerId: '17850' });
      const other = await client.callTool({ name: 'get_user_profile', arguments: { userId: '12347' } });
      expect(other.isError).toBe(true);
      expect(textOf(other)).toContain('FORBIDDEN');
      const staffOnly = await client.callTool({ name: 'get_segment_summary', arguments: {} });
      expect(staffOnly.isError).toBe(true);
    } finally {
      await client.close();
    }
  });

  it("answers a valid token without any of Reco's scopes 403 insufficient_scope, naming reco:customer and the metadata", async () => {
    // Whatever its sub says: a customer id, or a name a user picked.
    for (const claims of [{ sub: '17850' }, { sub: 'admin', scope: 'openid profile email' }]) {
      const res = await postInitialize(server, await issuer.token(RESOURCE, { claims }));
      expect([claims, res.status]).toEqual([claims, 403]);
      expect(res.headers.get('www-authenticate')).toBe(`Bearer error="insufficient_scope", scope="reco:customer", resource_metadata="${METADATA_URL}"`);
      // JSON-RPC, as every refusal at /mcp.
      expect(await json(res)).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: {
          code: -32000,
          message: expect.stringMatching(/^FORBIDDEN: The access token has none of Reco's scopes \(reco:customer, reco:staff, reco:admin\)/),
          data: { code: 'FORBIDDEN', message: expect.stringMatching(/ask the authorization server for reco:customer$/) },
        },
      });
    }
  });

  it('refuses expired, foreign-audience, foreign-issuer, unknown-key, unsigned, HS256 and non-access tokens with 401 and a reason', async () => {
    const now = Math.floor(Date.now() / 1000);
    const hs256 = await new SignJWT({ sub: 'alice', scope: 'reco:admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(issuer.url)
      .setAudience(RESOURCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-shared-secret-anyone-could-have-guessed'));
    const cases: [string, string, RegExp][] = [
      ['expired', await issuer.token(RESOURCE, { claims: { sub: 'alice', scope: 'reco:staff', exp: now - 120 } }), /has expired/],
      ['wrong audience', await issuer.token('https://elsewhere.example/mcp', { claims: { sub: 'alice', scope: 'reco:staff' } }), /not for this resource/],
      ['wrong issuer', await issuer.token(RESOURCE, { claims: { sub: 'alice', scope: 'reco:staff', iss: 'https://impostor.example' } }), /neither an access token of .* nor a valid customer token/],
      ['unknown key', await issuer.token(RESOURCE, { claims: { sub: 'alice', scope: 'reco:staff' }, foreignKey: true }), /signing key is not in the authorization server's key set/],
      ['alg none', unsignedToken({ iss: issuer.url, aud: RESOURCE, sub: 'alice', scope: 'reco:admin', exp: now + 300 }), /algorithm is not allowed/],
      ['HS256', hs256, /algorithm is not allowed/],
      ['no subject', await issuer.token(RESOURCE, { claims: { scope: 'reco:staff' } }), /no sub claim/],
      // Not RFC 9068 access tokens: what an ID token of the same server, or a server's plain JWT, looks like.
      ['typ JWT', await issuer.token(RESOURCE, { claims: { sub: 'alice', scope: 'reco:staff' }, typ: 'JWT' }), /not an access token: its typ header must be at\+jwt/],
      ['ID token', await issuer.token(RESOURCE, { claims: { sub: '17850', scope: 'reco:customer', nonce: 'n' }, typ: 'id_token+jwt' }), /not an access token/],
    ];
    for (const [what, token, reason] of cases) {
      const res = await postInitialize(server, token);
      const body = await json(res);
      expect([what, res.status, body.error.message]).toEqual([what, 401, expect.stringMatching(reason)]);
      expect(res.headers.get('www-authenticate')).toBe(`Bearer realm="reco", resource_metadata="${METADATA_URL}", error="invalid_token"`);
    }
  });

  it('takes a token signed with a rotated key once the key set is fetched again, and no longer the retired key', async () => {
    const before = await issuer.token(RESOURCE, { claims: { sub: 'alice', scope: 'reco:staff' } });
    expect((await postInitialize(server, before)).status).toBe(200);
    const fetches = issuer.requests.get('/jwks') ?? 0;
    await issuer.rotateKey();
    await sleep(COOLDOWN_MS + 50);
    const after = await issuer.token(RESOURCE, { claims: { sub: 'alice', scope: 'reco:staff' } });
    const client = await connect(server, after);
    try {
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
    expect(issuer.requests.get('/jwks')).toBe(fetches + 1);
    await sleep(COOLDOWN_MS + 50);
    const retired = await postInitialize(server, before);
    expect(retired.status).toBe(401);
    // The key set was discovered once from the issuer's metadata.
    expect(issuer.requests.get('/.well-known/oauth-authorization-server')).toBe(1);
  });

  it('refuses an OAuth access token at /api: it is issued for /mcp', async () => {
    const token = await issuer.token(RESOURCE, { claims: { sub: 'alice', scope: 'reco:admin' } });
    for (const path of ['/api/users/17850/profile', '/api/tools']) {
      const res = await server.call(path, { as: token });
      expect([path, res.status]).toEqual([path, 401]);
      expect((await json(res)).error.message).toMatch(/taken at \/mcp only/);
    }
    // Keys and customer tokens still work at /mcp beside OAuth.
    expect((await postInitialize(server, server.serviceKey)).status).toBe(200);
    expect((await postInitialize(server, (await server.tokens.issue('17850')).token)).status).toBe(200);
  });
});

describe('/mcp with the customer in its own claim (OAUTH_CUSTOMER_CLAIM) and typ JWT allowed (OAUTH_REQUIRE_AT_JWT=false)', () => {
  let issuer: TestIssuer;
  let server: TestServer;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    const settings = { issuer: issuer.url, resource: RESOURCE, jwksUrl: issuer.jwksUrl, scopes: DEFAULT_OAUTH_SCOPES, customerClaim: 'customer_id', requireAccessTokenType: false };
    server = await startTestServer({ oauth: new OAuthTokenVerifier(settings, { timeoutMs: 2_000 }) });
  });
  afterAll(async () => {
    await server.close();
    await issuer.close();
  });

  it("reads the profile of the customer the claim names, not another's, whatever sub says", async () => {
    // Keycloak and Entra ID send typ JWT; the sub is the authorization server's own user id.
    const token = await issuer.token(RESOURCE, { claims: { sub: '12347', customer_id: '17850', scope: 'reco:customer' }, typ: 'JWT' });
    const client = await connect(server, token);
    try {
      const own = await client.callTool({ name: 'get_user_profile', arguments: { userId: '17850' } });
      expect(own.isError).toBeFalsy();
      expect(JSON.parse(textOf(own))).toMatchObject({ customerId: '17850' });
      const other = await client.callTool({ name: 'get_user_profile', arguments: { userId: '12347' } });
      expect(other.isError).toBe(true);
      expect(textOf(other)).toContain('FORBIDDEN');
    } finally {
      await client.close();
    }
  });

  it('answers a reco:customer token whose claim is missing or no string 401, naming the claim', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['missing', { sub: '17850', scope: 'reco:customer' }, /has scope reco:customer but no customer claim \(customer_id\)/],
      ['a number', { sub: 'u1', customer_id: 17850, scope: 'reco:customer' }, /customer claim \(customer_id\) must be a string, not a number/],
      ['an object', { sub: 'u1', customer_id: { id: '17850' }, scope: 'reco:customer' }, /customer claim \(customer_id\) must be a string, not an object/],
      ['empty', { sub: 'u1', customer_id: '', scope: 'reco:customer' }, /customer claim \(customer_id\) is not a valid customer id: must not be empty/],
    ];
    for (const [what, claims, reason] of cases) {
      const res = await postInitialize(server, await issuer.token(RESOURCE, { claims }));
      expect([what, res.status, (await json(res)).error.data.message]).toEqual([what, 401, expect.stringMatching(reason)]);
      expect(res.headers.get('www-authenticate')).toBe(`Bearer realm="reco", resource_metadata="${METADATA_URL}", error="invalid_token"`);
    }
  });
});

describe('/mcp when the authorization server cannot be reached', () => {
  let issuer: TestIssuer;
  let server: TestServer;
  let port: number;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    port = await refusedPort();
    const oauth = new OAuthTokenVerifier({ issuer: issuer.url, resource: RESOURCE, jwksUrl: `http://127.0.0.1:${port}/jwks`, scopes: ['reco:staff'], ...DEFAULTS }, { timeoutMs: 1_000 });
    server = await startTestServer({ oauth });
  });
  afterAll(async () => {
    await server.close();
    await issuer.close();
  });

  it('answers 503 with a generic message and Retry-After, never a 401 that blames the client', async () => {
    const res = await postInitialize(server, await issuer.token(RESOURCE, { claims: { sub: 'alice', scope: 'reco:staff' } }));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.headers.get('www-authenticate')).toBeNull();
    const text = JSON.stringify(await json(res));
    expect(text).toMatch(/cannot be reached\. Retry later/);
    expect(text).not.toMatch(new RegExp(`ECONNREFUSED|127\\.0\\.0\\.1|${port}|jwks`, 'i'));
    // The server is still up, and other credentials still pass.
    expect((await postInitialize(server, server.serviceKey)).status).toBe(200);
  });
});

describe('/.well-known/oauth-protected-resource without OAuth', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.close());

  it('answers 404 in the JSON error shape, and /mcp challenges without metadata', async () => {
    for (const path of ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource']) {
      const res = await fetch(`${server.url}${path}`);
      expect([path, res.status]).toEqual([path, 404]);
      expect((await json(res)).error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/OAUTH_ISSUER/) });
    }
    const res = await postInitialize(server, null);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="reco"');
  });
});
