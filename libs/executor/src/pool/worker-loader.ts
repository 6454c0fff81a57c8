import path from 'node:path';

/** How workers load code: `tsx` registers TypeScript support, `none` runs plain JavaScript. */
export type WorkerLoader = 'auto' | 'tsx' | 'none';

const TS_MODULE = /\.[cm]?tsx?$/;

export function isTypeScriptModule(file: string): boolean {
  return TS_MODULE.test(file);
}

/** The bootstrap piscina loads: task-worker.ts beside this file from source, task-worker.js when built. */
export function workerBootstrapPath(): string {
  return path.join(__dirname, `task-worker${path.extname(__filename)}`);
}

/**
 * Worker threads get neither jest's transform nor tsx's hooks from the parent, so when the
 * bootstrap or any task module is TypeScript, each worker registers tsx's CommonJS hook and
 * resolves `@reco/*` to their sources (the `@reco/source` export condition), as tsx and jest do.
 */
export function workerExecArgv(loader: WorkerLoader, modulePaths: readonly string[]): string[] | undefined {
  const needsTs = loader === 'tsx' || (loader === 'auto' && [workerBootstrapPath(), ...modulePaths].some(isTypeScriptModule));
  if (!needsTs) return undefined; // inherit the parent's flags, as node does by default
  let tsxHook: string;
  try {
    tsxHook = require.resolve('tsx/cjs');
  } catch (err) {
    throw new Error('TypeScript task modules need the "tsx" package (dev dependency) to load in worker threads', { cause: err });
  }
  return ['--conditions=@reco/source', '--require', tsxHook];
}
