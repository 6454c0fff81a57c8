/** One benchmark: `npm run bench -- <name> [args]`. Its result is printed as the last JSON line. */
export interface Benchmark {
  name: string;
  description: string;
  run(args: string[]): Promise<BenchResult>;
}

/** Figures and targets of a run; `pass` says whether every target was met. */
export interface BenchResult {
  bench: string;
  pass: boolean;
  [figure: string]: unknown;
}

export function defineBenchmark(benchmark: Benchmark): Benchmark {
  return benchmark;
}
