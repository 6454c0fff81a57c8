import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';

interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  publicJwk: Record<string, unknown>;
}

export interface TestIssuerOptions {
  /** Which metadata document the issuer serves (default: RFC 8414's only). */
  metadata?: 'oauth-authorization-server' | 'openid-configuration';
}

export interface TokenOptions {
  /** Claims over the defaults (iss: the issuer, exp: in 5 minutes); `undefined` leaves one out. */
  claims?: JWTPayload;
  /** Sign with a key the issuer does not serve. */
  foreignKey?: boolean;
  alg?: 'ES256';
  /** The `typ` header (default `at+jwt`, RFC 9068); e.g. `JWT` as Keycloak and Entra ID send, or an ID token's. */
  typ?: string;
}

/**
 * A local OAuth authorization server as far as a resource server sees one: its metadata and its
 * key set (JWKS) over HTTP on 127.0.0.1, ES256 keys from jose, and tokens signed like its own.
 */
export interface TestIssuer {
  /** The issuer identifier (`iss`), e.g. http://127.0.0.1:51234. */
  url: string;
  jwksUrl: string;
  /** Requests per path, to see when the key set is fetched. */
  requests: Map<string, number>;
  /** An access token for `audience`. */
  token(audience: string, options?: TokenOptions): Promise<string>;
  /** Serves a new key in place of the current one; tokens are signed with it from now on. */
  rotateKey(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  let generation = 0;
  const newKey = async (): Promise<SigningKey> => {
    const kid = `key-${++generation}`;
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
  };
  let current = await newKey();
  const foreign = await newKey();
  const requests = new Map<string, number>();
  let url = '';
  const metadataPath = `/.well-known/${options.metadata ?? 'oauth-authorization-server'}`;

  const server: Server = createServer((req, res) => {
    const path = req.url ?? '';
    requests.set(path, (requests.get(path) ?? 0) + 1);
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === metadataPath) {
      return answer(200, {
        issuer: url,
        authorization_endpoint: `${url}/authorize`,
        token_endpoint: `${url}/token`,
        jwks_uri: `${url}/jwks`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (path === '/jwks') return answer(200, { keys: [current.publicJwk] });
    answer(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    jwksUrl: `${url}/jwks`,
    requests,
    async token(audience, tokenOptions = {}) {
      const key = tokenOptions.foreignKey ? foreign : current;
      const now = Math.floor(Date.now() / 1000);
      const claims: JWTPayload = { iss: url, aud: audience, iat: now, exp: now + 300, ...tokenOptions.claims };
      return new SignJWT(claims).setProtectedHeader({ alg: tokenOptions.alg ?? 'ES256', kid: key.kid, typ: tokenOptions.typ ?? 'at+jwt' }).sign(key.privateKey);
    },
    async rotateKey() {
      current = await newKey();
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))).then(() => undefined),
  };
}

/** A port on 127.0.0.1 nothing listens on: bound once by us, then closed, so connections are refused. */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** An unsigned JWT (`alg: none`): what a forger sends when a verifier trusts the header. */
export function unsignedToken(claims: JWTPayload): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}
