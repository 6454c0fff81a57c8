import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineBenchmark } from '../benchmark';
import { DEFAULT_DATASET, runImportBench } from './import-bench';

export default defineBenchmark({
  name: 'import-sqlite',
  description: 'Import the Online Retail training file into a fresh SQLite file (<= 30 s, < 500 MB), then again (no change)',
  async run(args) {
    const dir = mkdtempSync(path.join(tmpdir(), 'reco-bench-'));
    try {
      return await runImportBench({
        bench: 'import-sqlite',
        url: `file:${path.join(dir, 'bench.db')}`,
        file: args[0] ?? DEFAULT_DATASET,
        targetSeconds: 30,
        targetRssMb: 500,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});
