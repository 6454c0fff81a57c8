import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { openDatabase, type Database } from '../database/open-database';
import { SAMPLE_CSV } from '../sample';

/** The PostgreSQL server the tests use: trust auth on 127.0.0.1 (override with RECO_TEST_PG_URL). */
export const PG_ADMIN_URL = process.env['RECO_TEST_PG_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export interface Backend {
  name: 'sqlite' | 'postgresql';
  create(): Promise<TestDatabase>;
}

// Decided once, synchronously, so that describe blocks can be skipped.
function postgresReachable(): string | undefined {
  try {
    execFileSync(
      process.execPath,
      ['-e', `const {Client}=require('pg');const c=new Client({connectionString:process.argv[1],connectionTimeoutMillis:3000});c.connect().then(()=>c.end(),e=>{console.error(e.message);process.exit(1)})`, PG_ADMIN_URL],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 },
    );
    return undefined;
  } catch (err) {
    return String((err as { stderr?: Buffer }).stderr ?? err).trim() || 'no answer';
  }
}

const sqlite: Backend = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(path.join(tmpdir(), 'reco-data-'));
    return { url: `file:${path.join(dir, 'test.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

const postgres: Backend = {
  name: 'postgresql',
  async create() {
    // A fresh, uniquely named database per suite, dropped afterwards; no other database is touched.
    const name = `reco_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async drop() {
        const c = new Client({ connectionString: PG_ADMIN_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  },
};

/**
 * Runs `suite` once per backend: SQLite always; PostgreSQL when the server answers. Without it,
 * CI (CI=true) fails loudly and a local run skips with the reason printed.
 */
export function describeEachBackend(title: string, suite: (backend: Backend) => void): void {
  describe.each([sqlite])(`${title} [$name]`, suite);
  describePostgres(title, suite);
}

/**
 * Runs `suite` on PostgreSQL only (what needs a database server shared by several processes),
 * with the same rule: CI fails loudly without the server, a local run skips with the reason.
 */
export function describePostgres(title: string, suite: (backend: Backend) => void): void {
  const problem = postgresReachable();
  if (problem && process.env['CI'] === 'true') {
    describe(`${title} [postgresql]`, () => {
      it('needs the PostgreSQL server', () => {
        throw new Error(`PostgreSQL at ${PG_ADMIN_URL} is unreachable (${problem}); CI must run the PostgreSQL suite`);
      });
    });
  } else if (problem) {
    console.warn(`skipping ${title} [postgresql]: ${PG_ADMIN_URL} unreachable (${problem})`);
    describe.skip(`${title} [postgresql]`, () => suite(postgres));
  } else {
    describe(`${title} [postgresql]`, () => suite(postgres));
  }
}

/**
 * Inside a `describeEachBackend` suite: one migrated database on `backend`, readied by `prepare`,
 * opened before the suite's tests and dropped after them.
 */
export function useMigratedDatabase(backend: Backend, prepare: (db: Database) => Promise<unknown> = async () => undefined): () => Database {
  let testDb: TestDatabase | undefined;
  let db: Database | undefined;
  beforeAll(async () => {
    testDb = await backend.create();
    db = await openDatabase({ url: testDb.url });
    await db.migrate();
    await prepare(db);
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });
  return () => {
    if (!db) throw new Error('the test database is opened in beforeAll');
    return db;
  };
}

/** `useMigratedDatabase` with the shipped sample imported. */
export function useImportedSample(backend: Backend): () => Database {
  return useMigratedDatabase(backend, (db) => db.importer.import(SAMPLE_CSV));
}

export { SAMPLE_CSV };
export const MALFORMED_CSV = path.join(__dirname, '..', 'import', 'online-retail', '__fixtures__', 'malformed.csv');
