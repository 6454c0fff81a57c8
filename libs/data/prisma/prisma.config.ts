// Prisma CLI config for the offline, engine-binary-free toolchain (see shared notes): the js
// schema engine over a driver adapter. Used only by scripts/prisma-tasks.ts (generate, migrate diff).
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';

// The wasm schema engine leaves a long timer pending, so every command would linger 10-60 s.
const originalSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const timer = originalSetTimeout(handler, ms, ...args);
  if ((ms ?? 0) >= 1000) timer.unref();
  return timer;
}) as typeof setTimeout;

const provider = process.env['RECO_PRISMA_PROVIDER'] === 'postgresql' ? 'postgresql' : 'sqlite';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: provider === 'postgresql' ? path.join(__dirname, 'postgresql', 'schema.prisma') : path.join(__dirname, 'schema.prisma'),
  async adapter() {
    if (provider === 'postgresql') {
      // Idle connections close at once: an open one would keep every command alive for 10 s.
      return new PrismaPg({ connectionString: process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres', idleTimeoutMillis: 1 });
    }
    return new PrismaBetterSQLite3({ url: ':memory:' });
  },
});
