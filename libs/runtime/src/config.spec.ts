import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('gives embedded defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ NODE_ENV: 'development', HOST: '127.0.0.1', PORT: 3000, DATA_DIR: './data' });
  });

  it('coerces numbers and treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '8080', TOOL_TIMEOUT_MS: '' })).toMatchObject({ PORT: 8080, TOOL_TIMEOUT_MS: 5000 });
  });

  it('names every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(problems).toEqual(['LOG_LEVEL', 'PORT']);
    expect((error as Error).message).toMatch(/PORT: .*"eighty"/);
  });
});

describe('loadConfig: infrastructure settings', () => {
  it('defaults to the embedded cache and local object store under DATA_DIR', () => {
    const config = loadConfig({ DATA_DIR: '/srv/reco' });
    expect(config).toMatchObject({
      CACHE_BACKEND: 'memory',
      OBJECT_STORE: 'local',
      OBJECT_STORE_DIR: '/srv/reco/objects',
      DATABASE_URL: 'file:/srv/reco/reco.db',
    });
  });

  it('requires a bucket for the S3 store and names it', () => {
    expect(() => loadConfig({ OBJECT_STORE: 's3' })).toThrow(/S3_BUCKET: is required when OBJECT_STORE=s3/);
    const config = loadConfig({ OBJECT_STORE: 's3', S3_BUCKET: 'reco-models', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_FORCE_PATH_STYLE: 'true' });
    expect(config).toMatchObject({ S3_BUCKET: 'reco-models', S3_FORCE_PATH_STYLE: true });
  });

  it('rejects a cache backend or Redis URL it does not know', () => {
    expect(() => loadConfig({ CACHE_BACKEND: 'memcached' })).toThrow(/CACHE_BACKEND/);
    expect(() => loadConfig({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL: must start with redis:\/\//);
  });
});

describe('loadConfig: DEFAULT_CURRENCY', () => {
  it('is GBP unless set, upper-cased, and must be a three-letter code', () => {
    expect(loadConfig({}).DEFAULT_CURRENCY).toBe('GBP');
    expect(loadConfig({ DEFAULT_CURRENCY: 'eur' }).DEFAULT_CURRENCY).toBe('EUR');
    expect(() => loadConfig({ DEFAULT_CURRENCY: 'euro' })).toThrow(/DEFAULT_CURRENCY: must be a three-letter currency code/);
  });
});

describe('loadConfig: jobs', () => {
  it('runs jobs in the process by default, under the cache prefix in Redis when on BullMQ', () => {
    expect(loadConfig({})).toMatchObject({ JOB_QUEUE: 'in-process', RUN_JOBS: true, JOB_ATTEMPTS: 3, JOB_CONCURRENCY: 2, JOB_KEY_PREFIX: 'reco:jobs' });
    expect(loadConfig({ JOB_QUEUE: 'bullmq', CACHE_KEY_PREFIX: 'shop-a:' }).JOB_KEY_PREFIX).toBe('shop-a:jobs');
    expect(loadConfig({ JOB_QUEUE: 'bullmq', JOB_KEY_PREFIX: 'q' }).JOB_KEY_PREFIX).toBe('q');
  });

  it('refuses RUN_JOBS=false without a shared queue: nothing would ever run a job', () => {
    expect(() => loadConfig({ RUN_JOBS: 'false' })).toThrow(/RUN_JOBS: can be false only with JOB_QUEUE=bullmq/);
    expect(loadConfig({ RUN_JOBS: 'false', JOB_QUEUE: 'bullmq' }).RUN_JOBS).toBe(false);
  });

  it('takes cron schedules of five or six fields and names a malformed one', () => {
    expect(loadConfig({ TRAIN_SCHEDULE: '0 3 * * *', SEGMENT_SCHEDULE: '*/30 * * * * *' })).toMatchObject({ TRAIN_SCHEDULE: '0 3 * * *' });
    expect(() => loadConfig({ TRAIN_SCHEDULE: 'nightly' })).toThrow(/TRAIN_SCHEDULE: must be a cron expression/);
  });
});

describe('loadConfig: TRUST_PROXY', () => {
  it('trusts loopback by default, and takes false, a hop count or a list of networks', () => {
    expect(loadConfig({}).TRUST_PROXY).toEqual(['loopback']);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: must be false, a hop count/);
  });
});

describe('loadConfig: OAuth for MCP clients', () => {
  const oauth = { OAUTH_ISSUER: 'https://auth.example.com', OAUTH_RESOURCE: 'https://reco.example.com/mcp' };

  it('is off by default, and on with an issuer and the resource', () => {
    const off = loadConfig({});
    expect([off.OAUTH_ISSUER, off.OAUTH_RESOURCE, off.OAUTH_JWKS_URL, off.OAUTH_SCOPES]).toEqual([undefined, undefined, undefined, undefined]);
    expect(loadConfig(oauth)).toMatchObject(oauth);
    const full = loadConfig({ ...oauth, OAUTH_JWKS_URL: 'https://auth.example.com/keys?v=2', OAUTH_SCOPES: 'reco:admin, reco:staff,shop:read' });
    expect(full).toMatchObject({ OAUTH_JWKS_URL: 'https://auth.example.com/keys?v=2', OAUTH_SCOPES: ['reco:admin', 'reco:staff', 'shop:read'] });
  });

  it('takes plain http only for a server on this machine', () => {
    expect(loadConfig({ OAUTH_ISSUER: 'http://127.0.0.1:9000', OAUTH_RESOURCE: 'http://localhost:3000/mcp' })).toMatchObject({ OAUTH_ISSUER: 'http://127.0.0.1:9000' });
    expect(() => loadConfig({ ...oauth, OAUTH_ISSUER: 'http://auth.example.com' })).toThrow(/OAUTH_ISSUER: must be an https URL \(http only for 127.0.0.1 or localhost\).*"http:\/\/auth.example.com"/);
    expect(() => loadConfig({ ...oauth, OAUTH_JWKS_URL: 'http://auth.example.com/jwks' })).toThrow(/OAUTH_JWKS_URL: must be an https URL/);
  });

  it('names a malformed URL, a query or fragment on the issuer, and a resource that is not /mcp', () => {
    expect(() => loadConfig({ ...oauth, OAUTH_ISSUER: 'auth.example.com' })).toThrow(/OAUTH_ISSUER: must be an https URL/);
    expect(() => loadConfig({ ...oauth, OAUTH_ISSUER: 'https://auth.example.com/?tenant=1' })).toThrow(/OAUTH_ISSUER: .*without query, fragment/);
    expect(() => loadConfig({ ...oauth, OAUTH_RESOURCE: 'https://reco.example.com/mcp#x' })).toThrow(/OAUTH_RESOURCE: must be an https URL/);
    expect(() => loadConfig({ ...oauth, OAUTH_RESOURCE: 'https://reco.example.com' })).toThrow(/OAUTH_RESOURCE: must be the URL of this server's \/mcp/);
  });

  it('requires the resource with an issuer, and refuses the other settings without one', () => {
    let error: unknown;
    try {
      loadConfig({ OAUTH_ISSUER: 'https://auth.example.com' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([{ variable: 'OAUTH_RESOURCE', message: expect.stringMatching(/^is required when OAUTH_ISSUER is set/) }]);
    expect(() => loadConfig({ OAUTH_RESOURCE: 'https://reco.example.com/mcp' })).toThrow(/OAUTH_RESOURCE: does nothing without OAUTH_ISSUER/);
    expect(() => loadConfig({ OAUTH_SCOPES: 'reco:staff' })).toThrow(/OAUTH_SCOPES: does nothing without OAUTH_ISSUER/);
  });

  it('refuses scope names a token could not carry', () => {
    expect(() => loadConfig({ ...oauth, OAUTH_SCOPES: 'reco:"admin"' })).toThrow(/OAUTH_SCOPES: must be scope names/);
    expect(() => loadConfig({ ...oauth, OAUTH_SCOPES: ' , ' })).toThrow(/OAUTH_SCOPES: must be scope names/);
  });

  it('leaves the customer claim and the access-token type to their defaults (sub, required) unless set', () => {
    const defaults = loadConfig(oauth);
    expect([defaults.OAUTH_CUSTOMER_CLAIM, defaults.OAUTH_REQUIRE_AT_JWT]).toEqual([undefined, undefined]);
    const set = loadConfig({ ...oauth, OAUTH_CUSTOMER_CLAIM: 'https://shop.example.com/customer_id', OAUTH_REQUIRE_AT_JWT: 'false' });
    expect(set).toMatchObject({ OAUTH_CUSTOMER_CLAIM: 'https://shop.example.com/customer_id', OAUTH_REQUIRE_AT_JWT: false });
    expect(loadConfig({ ...oauth, OAUTH_CUSTOMER_CLAIM: 'customer_id', OAUTH_REQUIRE_AT_JWT: '1' })).toMatchObject({ OAUTH_CUSTOMER_CLAIM: 'customer_id', OAUTH_REQUIRE_AT_JWT: true });
  });

  it('refuses a customer claim that is no claim name or says nothing about the customer, and both keys without an issuer', () => {
    expect(() => loadConfig({ ...oauth, OAUTH_CUSTOMER_CLAIM: 'customer id' })).toThrow(/OAUTH_CUSTOMER_CLAIM: must be a claim name.*"customer id"/);
    expect(() => loadConfig({ ...oauth, OAUTH_CUSTOMER_CLAIM: 'x'.repeat(257) })).toThrow(/OAUTH_CUSTOMER_CLAIM: must be a claim name/);
    for (const claim of ['aud', 'iss', 'scope', 'client_id']) {
      expect(() => loadConfig({ ...oauth, OAUTH_CUSTOMER_CLAIM: claim })).toThrow(/OAUTH_CUSTOMER_CLAIM: must not be one of iss, aud/);
    }
    expect(() => loadConfig({ ...oauth, OAUTH_REQUIRE_AT_JWT: 'no' })).toThrow(/OAUTH_REQUIRE_AT_JWT/);
    expect(() => loadConfig({ OAUTH_CUSTOMER_CLAIM: 'customer_id' })).toThrow(/OAUTH_CUSTOMER_CLAIM: does nothing without OAUTH_ISSUER/);
    // false is a setting too: it does nothing without an issuer either.
    expect(() => loadConfig({ OAUTH_REQUIRE_AT_JWT: 'false' })).toThrow(/OAUTH_REQUIRE_AT_JWT: does nothing without OAUTH_ISSUER/);
  });
});
