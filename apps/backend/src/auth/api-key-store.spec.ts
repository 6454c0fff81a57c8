import { statSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '@reco/runtime';
import { ApiKeyStore, generateApiKey, hashApiKey, parseApiKeys } from './api-key-store';
import { setUpAuth } from './auth-setup';
import { loadOrCreateLocalCredentials } from './local-credentials';

describe('API keys', () => {
  it('verifies a key by its hash and names its id and role', () => {
    const admin = generateApiKey('admin');
    const store = new ApiKeyStore(parseApiKeys(`ops:admin:${hashApiKey(admin)},shop:service:${hashApiKey('shop-key')}`));
    expect(store.verify(admin)).toEqual({ id: 'ops', role: 'admin' });
    expect(store.verify('shop-key')).toEqual({ id: 'shop', role: 'service' });
    expect(store.verify('nope')).toBeUndefined();
    expect(admin).toMatch(/^reco_admin_[A-Za-z0-9_-]{43}$/);
  });

  describe('local credentials', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'reco-creds-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('creates hashed keys and a token secret once, owner-only, and keeps them', () => {
      const created = loadOrCreateLocalCredentials(dir);
      expect(created.createdKeysFile).toBe(path.join(dir, 'local-api-keys.txt'));
      expect(statSync(created.file).mode & 0o777).toBe(0o600);
      expect(statSync(created.createdKeysFile ?? '').mode & 0o777).toBe(0o600);
      const plain = readFileSync(created.createdKeysFile ?? '', 'utf8');
      const adminKey = /RECO_ADMIN_KEY=(\S+)/.exec(plain)?.[1] ?? '';
      expect(readFileSync(created.file, 'utf8')).not.toContain(adminKey);
      expect(new ApiKeyStore(created.keys).verify(adminKey)).toEqual({ id: 'local-admin', role: 'admin' });

      const again = loadOrCreateLocalCredentials(dir);
      expect(again.createdKeysFile).toBeUndefined();
      expect(again.keys).toEqual(created.keys);
      expect(again.customerTokenSecret).toBe(created.customerTokenSecret);
    });

    it('uses local credentials in development and refuses production without API_KEYS', () => {
      expect(setUpAuth(loadConfig({ DATA_DIR: dir })).source).toBe('local-credentials');
      expect(() => setUpAuth(loadConfig({ DATA_DIR: dir, NODE_ENV: 'production' }))).toThrow(ConfigError);
      expect(() => setUpAuth(loadConfig({ DATA_DIR: dir, NODE_ENV: 'production' }))).toThrow(/API_KEYS/);
      const prod = setUpAuth(loadConfig({ NODE_ENV: 'production', API_KEYS: `a:admin:${hashApiKey('k')}`, CUSTOMER_TOKEN_SECRET: 's'.repeat(32) }));
      expect(prod.source).toBe('API_KEYS');
      expect(prod.customerTokens).toBeDefined();
    });

    it('limits failed authentication from the AUTH_FAILURE_* settings (30 per 5 minutes by default, 0: off)', async () => {
      const byDefault = setUpAuth(loadConfig({ DATA_DIR: dir }));
      expect(byDefault.failures).toMatchObject({ limit: 30, windowMs: 300_000 });
      const tuned = setUpAuth(loadConfig({ DATA_DIR: dir, AUTH_FAILURE_LIMIT: '5', AUTH_FAILURE_WINDOW_SECONDS: '60' }));
      expect(tuned.failures).toMatchObject({ limit: 5, windowMs: 60_000 });
      expect(setUpAuth(loadConfig({ DATA_DIR: dir, AUTH_FAILURE_LIMIT: '0' })).failures).toBeUndefined();
      expect(() => loadConfig({ AUTH_FAILURE_LIMIT: '-1' })).toThrow(/AUTH_FAILURE_LIMIT/);
      expect(() => loadConfig({ AUTH_FAILURE_WINDOW_SECONDS: '0' })).toThrow(/AUTH_FAILURE_WINDOW_SECONDS/);
      await Promise.all([byDefault.close(), tuned.close()]);
    });

    it('names API_KEYS and CUSTOMER_TOKEN_SECRET when they are malformed', () => {
      expect(() => loadConfig({ API_KEYS: 'a:root:xyz' })).toThrow(/API_KEYS/);
      expect(() => loadConfig({ CUSTOMER_TOKEN_SECRET: 'short' })).toThrow(/CUSTOMER_TOKEN_SECRET/);
    });
  });
});
