import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../../..');
// Node itself with tsx's hooks, not the tsx binary: that binary runs the entry point in a child and,
// on a busy machine, SIGKILLs it when the child's reply to a relayed SIGTERM takes over 30 ms (exit 143).
const SOURCE_ARGS = ['--import', 'tsx', '--conditions=@reco/source'];
const mainTs = path.join(__dirname, '..', 'main.ts');

/** A running backend process (the real entry point, from source) and how to stop it. */
export interface BackendProcess {
  url: string;
  pid: number;
  /** Everything it wrote so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then the exit code once it is gone. */
  stop(): Promise<number | null>;
}

/**
 * Starts `main.ts` with exactly `env` (plus PATH and HOME) and resolves once it logs the URL it
 * listens on; rejects with its output when it exits or stays silent for `timeoutMs` before that.
 */
export function startBackendProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<BackendProcess> {
  const child: ChildProcess = spawn(process.execPath, [...SOURCE_ARGS, mainTs], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the backend did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the backend exited with ${code} before listening:\n${output}`));
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk));
    let pending = '';
    // Read to the end (a full pipe would stall the process); lines may span chunks.
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk;
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const url = urlOf(line);
        if (url === undefined) continue;
        clearTimeout(timer);
        resolve({
          url,
          pid: child.pid ?? -1,
          output: () => output,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
  });
}

/** The `url` of a JSON log line (the "listening" one), if it has one. */
function urlOf(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const url = (JSON.parse(line) as { url?: unknown }).url;
    return typeof url === 'string' ? url : undefined;
  } catch {
    return undefined;
  }
}
