import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';

// Tests use the real Redis at 127.0.0.1:6379 (REDIS_URL overrides), each run under its own key prefix.
export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** Checked synchronously at load time, so a suite can be declared skipped (or failing under CI). */
function probeRedis(): string | undefined {
  const script = `
    const u = new URL(process.argv[1]);
    const s = require('node:net').connect(Number(u.port || 6379), u.hostname);
    s.setTimeout(1000, () => { console.log('timeout'); process.exit(1); });
    s.on('connect', () => s.write('PING\\r\\n'));
    s.on('data', (d) => { console.log(String(d).trim()); process.exit(String(d).startsWith('+PONG') ? 0 : 1); });
    s.on('error', (e) => { console.log(e.message); process.exit(1); });`;
  const run = spawnSync(process.execPath, ['-e', script, REDIS_URL], { encoding: 'utf8', timeout: 5_000 });
  return run.status === 0 ? undefined : (run.stdout.trim() || run.error?.message || 'no answer');
}

const unreachable = probeRedis();

/** `describe` when Redis answers; otherwise skipped with a printed reason, or failing loudly when CI=true. */
export function describeWithRedis(name: string, body: () => void): void {
  if (unreachable === undefined) {
    describe(name, body);
    return;
  }
  const reason = `Redis unreachable at ${REDIS_URL} (${unreachable})`;
  if (process.env['CI'] === 'true') {
    describe(name, () => {
      it('needs Redis', () => {
        throw new Error(`${reason}; CI=true, so Redis tests must not be skipped`);
      });
    });
    return;
  }
  console.warn(`Skipping "${name}": ${reason}. Start Redis or set REDIS_URL to run them.`);
  describe.skip(name, body);
}

export function uniquePrefix(): string {
  return `reco-test:${randomUUID().slice(0, 8)}:`;
}

/** A plain client for checks behind the cache's back (PTTL, planted values) and clean-up. */
export function rawClient(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
}

/** Deletes this run's keys only: SCAN + UNLINK under the prefix. */
export async function deleteKeysUnder(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

/** A port nothing listens on: bind one, note it, close it. */
export async function closedPort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until true or `timeoutMs` passes. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 3_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}
