import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Benchmark } from './benchmark';

// Benchmarks are the files benchmarks/<name>.bench.ts; adding one needs no other change.
const BENCH_DIR = path.join(__dirname, 'benchmarks');

function loadBenchmarks(): Map<string, Benchmark> {
  const found = new Map<string, Benchmark>();
  for (const file of readdirSync(BENCH_DIR).filter((f) => /\.bench\.[jt]s$/.test(f)).sort()) {
    const bench = (require(path.join(BENCH_DIR, file)) as { default: Benchmark }).default;
    found.set(bench.name, bench);
  }
  return found;
}

async function main(argv: string[]): Promise<number> {
  const benchmarks = loadBenchmarks();
  const [name, ...args] = argv;
  if (!name || name === '--list' || name === '--help') {
    for (const b of benchmarks.values()) console.log(`${b.name.padEnd(20)} ${b.description}`);
    if (!name || name === '--help') console.log('\nusage: npm run bench -- <name> [args]   |   npm run bench -- --list');
    return name ? 0 : 2;
  }
  const bench = benchmarks.get(name);
  if (!bench) {
    console.error(`Unknown benchmark ${JSON.stringify(name)}. Known: ${[...benchmarks.keys()].join(', ')}`);
    return 2;
  }
  const result = await bench.run(args);
  // The last line is the result, one JSON object, for scripts and CI to read.
  console.log(JSON.stringify(result));
  return result.pass ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
