import type { AppConfig } from '@reco/runtime';
import { ConfigError } from '@reco/runtime';
import { AuthFailureLimit } from '../limits/auth-failure-limit';
import { MemoryRateLimitStore } from '../limits/memory-rate-limit-store';
import type { RateLimitStore } from '../limits/rate-limit-store';
import { RedisRateLimitStore } from '../limits/redis-rate-limit-store';
import { ApiKeyStore, parseApiKeys } from './api-key-store';
import { CustomerTokens } from './customer-token';
import { loadOrCreateLocalCredentials } from './local-credentials';
import { oauthSettingsFrom } from './oauth-resource';
import { OAuthTokenVerifier } from './oauth-token-verifier';

export interface AuthSetup {
  keys: ApiKeyStore;
  /** Undefined when no token secret is configured: customer tokens are then refused. */
  customerTokens?: CustomerTokens;
  /** Access tokens of the authorization server at /mcp (OAUTH_ISSUER); undefined: OAuth is off. */
  oauth?: OAuthTokenVerifier;
  /** Failed authentication per client address (AUTH_FAILURE_*); undefined when AUTH_FAILURE_LIMIT=0. */
  failures?: AuthFailureLimit;
  /** Where the keys came from, for the start-up log (never the keys). */
  source: 'API_KEYS' | 'local-credentials';
  /** Set when local credentials were created by this start. */
  createdKeysFile?: string;
  credentialsFile?: string;
  /** Closes what the setup opened (the failure counters' Redis connection). */
  close(): Promise<void>;
}

/**
 * Keys from API_KEYS when set; otherwise, outside production, local credentials under DATA_DIR
 * (created on first start). Production without API_KEYS refuses to start, naming the variable.
 */
export function setUpAuth(config: AppConfig): AuthSetup {
  if (config.API_KEYS) {
    return {
      keys: new ApiKeyStore(parseApiKeys(config.API_KEYS)),
      customerTokens: config.CUSTOMER_TOKEN_SECRET ? new CustomerTokens(config.CUSTOMER_TOKEN_SECRET, config.CUSTOMER_TOKEN_TTL_SECONDS) : undefined,
      source: 'API_KEYS',
      oauth: oauthVerifierFor(config),
      ...failureLimitFor(config),
    };
  }
  if (config.NODE_ENV === 'production') {
    throw new ConfigError([{ variable: 'API_KEYS', message: 'is required when NODE_ENV=production (id:role:sha256hex, comma-separated)' }]);
  }
  const local = loadOrCreateLocalCredentials(config.DATA_DIR);
  return {
    keys: new ApiKeyStore(local.keys),
    customerTokens: new CustomerTokens(config.CUSTOMER_TOKEN_SECRET ?? local.customerTokenSecret, config.CUSTOMER_TOKEN_TTL_SECONDS),
    source: 'local-credentials',
    createdKeysFile: local.createdKeysFile,
    credentialsFile: local.file,
    oauth: oauthVerifierFor(config),
    ...failureLimitFor(config),
  };
}

function oauthVerifierFor(config: AppConfig): OAuthTokenVerifier | undefined {
  const settings = oauthSettingsFrom(config);
  return settings ? new OAuthTokenVerifier(settings) : undefined;
}

/**
 * Failed attempts are counted where the per-caller limits are: in this process with the memory
 * cache, in Redis (shared by every instance) otherwise.
 */
function failureLimitFor(config: AppConfig): Pick<AuthSetup, 'failures' | 'close'> {
  if (config.AUTH_FAILURE_LIMIT === 0) return { close: async () => undefined };
  const store: RateLimitStore =
    config.CACHE_BACKEND === 'memory' ? new MemoryRateLimitStore() : new RedisRateLimitStore(config.REDIS_URL, `${config.CACHE_KEY_PREFIX}authfail:`);
  const failures = new AuthFailureLimit({ store, limit: config.AUTH_FAILURE_LIMIT, windowMs: config.AUTH_FAILURE_WINDOW_SECONDS * 1000 });
  return { failures, close: () => store.close() };
}
