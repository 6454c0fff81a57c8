import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

const ADMIN_URL = process.env['RECO_BENCH_PG_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new, empty PostgreSQL database for one run (RECO_BENCH_PG_URL names the server), dropped by `drop`. */
export async function temporaryPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `reco_bench_scale_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
