import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../../..');

export interface BuiltApps {
  cli: string;
  backend: string;
  worker: string;
}

/**
 * The CLI, the backend and the worker as `npm start` and a deployment run them: compiled JS under node, not the TypeScript
 * sources under tsx (whose loader would add its own memory to every figure). `build: false` uses
 * what is in dist already.
 */
export function builtApps(build: boolean): BuiltApps {
  const apps = {
    cli: path.join(repoRoot, 'apps/cli/dist/main.js'),
    backend: path.join(repoRoot, 'apps/backend/dist/main.js'),
    worker: path.join(repoRoot, 'apps/worker/dist/main.js'),
  };
  // --skip-sync: a stale tsconfig reference elsewhere in the workspace must not stop a measurement.
  if (build) {
    execFileSync(path.join(repoRoot, 'node_modules/.bin/nx'), ['run-many', '-t', 'build', '-p', 'backend', 'cli', 'worker', '--outputStyle=static', '--skip-sync'], {
      cwd: repoRoot,
      env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  for (const file of Object.values(apps)) if (!existsSync(file)) throw new Error(`${file} is missing: run without --no-build`);
  return apps;
}

/**
 * The environment of every stage: the caller's (so settings such as EXECUTOR_THREADS reach the
 * apps), with the run's own database and local object store, logs at warn.
 */
export function stageEnv(dataDir: string, databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    OBJECT_STORE: 'local',
    OBJECT_STORE_DIR: path.join(dataDir, 'objects'),
    CACHE_BACKEND: 'memory',
    ...extra,
  };
}
