import { spawn, type ChildProcess } from 'node:child_process';
import { repoRoot } from './built-apps';

export interface RunningWorker {
  pid: number;
  stop(): Promise<void>;
}

/** The built worker (`node apps/worker/dist/main.js`); resolves once it logs that it runs jobs. */
export function startWorker(workerJs: string, env: NodeJS.ProcessEnv, label: string, timeoutMs = 120_000): Promise<RunningWorker> {
  const child: ChildProcess = spawn(process.execPath, [workerJs], { cwd: repoRoot, env: { ...env, LOG_LEVEL: 'info', WORKER_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => void stop().then(() => reject(new Error(`${label} did not start within ${timeoutMs} ms`))), timeoutMs);
    void exited.then(() => reject(new Error(`${label} exited (${child.exitCode ?? child.signalCode}) before running jobs`)));
    let pending = '';
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${label}] ${chunk}`));
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        // Info lines are read for readiness only; warnings and errors are shown.
        if (/"level":(40|50|60)/.test(line)) process.stderr.write(`[${label}] ${line}\n`);
        if (line.includes('"msg":"Reco worker running jobs"')) {
          clearTimeout(timer);
          resolve({ pid: child.pid ?? -1, stop });
        }
      }
    });
  });
}
