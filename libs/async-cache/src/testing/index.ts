// Test helpers for suites that need the real Redis (this lib's and other libs'): not part of the product.
export { closedPort, deleteKeysUnder, describeWithRedis, eventually, rawClient, REDIS_URL, sleep, uniquePrefix } from './redis-test-env';
export { TcpProxy } from './tcp-proxy';
