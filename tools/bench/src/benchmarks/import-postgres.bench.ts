import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { defineBenchmark } from '../benchmark';
import { DEFAULT_DATASET, runImportBench } from './import-bench';

const ADMIN_URL = process.env['RECO_BENCH_PG_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export default defineBenchmark({
  name: 'import-postgres',
  description: 'Import the Online Retail training file into a new PostgreSQL database (<= 60 s, < 500 MB), then again; dropped after',
  async run(args) {
    const name = `reco_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
    const admin = async (sql: string) => {
      const c = new Client({ connectionString: ADMIN_URL });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    };
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    try {
      return await runImportBench({ bench: 'import-postgres', url: url.toString(), file: args[0] ?? DEFAULT_DATASET, targetSeconds: 60, targetRssMb: 500 });
    } finally {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  },
});
