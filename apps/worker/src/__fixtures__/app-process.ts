import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../../..');

/** The apps' entry points, run from source as `npm start` and CI do. */
export const ENTRY_POINTS = {
  backend: path.join(repoRoot, 'apps/backend/src/main.ts'),
  worker: path.join(repoRoot, 'apps/worker/src/main.ts'),
} as const;

/** One JSON log line of a process. */
export type LogLine = Record<string, unknown> & { msg?: string };

/** A running app process: its log so far, and how to stop or kill it. */
export interface AppProcess {
  name: string;
  pid: number;
  /** The `url` its start-up line named (a backend's API, a worker's health port), if any. */
  url: string | null;
  readonly lines: LogLine[];
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no shutdown code runs, as when a machine dies. */
  kill(): Promise<void>;
  /** Resolves with the first log line (already seen or to come) that matches. */
  waitForLine(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  exited(): boolean;
}

/**
 * Starts an app with exactly `env` (plus PATH and HOME) and resolves once a log line satisfies
 * `ready`; rejects with its output when it exits or stays silent for `timeoutMs` before that.
 * Node runs the entry point itself (tsx's hooks, not its launcher), so signals reach the app.
 */
export function startAppProcess(name: string, entry: string, env: Record<string, string>, ready: (line: LogLine) => boolean, timeoutMs = 90_000): Promise<AppProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '--conditions=@reco/source', entry], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines: LogLine[] = [];
  const watchers = new Set<(line: LogLine) => void>();
  let output = '';
  let pending = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk));
  // Read to the end (a full pipe would stall the process); lines may span chunks.
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk;
    const parts = (pending + chunk.toString()).split('\n');
    pending = parts.pop() ?? '';
    for (const text of parts) {
      const line = parseLine(text);
      if (!line) continue;
      lines.push(line);
      for (const watch of watchers) watch(line);
    }
  });
  const waitForLine = (match: (line: LogLine) => boolean, waitMs = 60_000) =>
    new Promise<LogLine>((resolve, reject) => {
      const seen = lines.find(match);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => {
        watchers.delete(watch);
        reject(new Error(`${name}: no such log line within ${waitMs} ms:\n${output.slice(-4_000)}`));
      }, waitMs);
      const watch = (line: LogLine) => {
        if (!match(line)) return;
        clearTimeout(timer);
        watchers.delete(watch);
        resolve(line);
      };
      watchers.add(watch);
    });
  return new Promise((resolve, reject) => {
    void exit.then((code) => reject(new Error(`${name} exited with ${code} before it was ready:\n${output.slice(-4_000)}`)));
    waitForLine(ready, timeoutMs).then((line) => {
      resolve({
        name,
        pid: child.pid ?? -1,
        url: typeof line['url'] === 'string' ? line['url'] : null,
        lines,
        waitForLine,
        exited: () => child.exitCode !== null || child.signalCode !== null,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exit;
        },
        kill: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exit;
        },
      });
    }, (err: unknown) => {
      child.kill('SIGKILL');
      reject(err as Error);
    });
  });
}

function parseLine(text: string): LogLine | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as LogLine;
  } catch {
    return undefined;
  }
}
