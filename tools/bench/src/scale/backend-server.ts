import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { repoRoot } from './built-apps';
import { LeanClient } from './lean-client';

export interface RunningBackend {
  url: string;
  pid: number;
  headers: Record<string, string>;
  /** Kept-alive connection for timed calls. */
  client: LeanClient;
  stop(): Promise<void>;
}

/** A loopback port free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function passLines(stream: NodeJS.ReadableStream | null, label: string): void {
  let pending = '';
  stream?.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) process.stderr.write(`[${label}] ${line}\n`);
  });
}

/**
 * The built backend in production mode on a free loopback port, with a service key, answering
 * uncached: recommendation entries live 1 ms (the setting's minimum) and the HTTP answer cache
 * is off, and no rate limit slows the sequential calls. Resolves once /health/live answers.
 */
export async function startBackend(backendJs: string, env: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<RunningBackend> {
  const port = await freePort();
  const key = `reco_service_${randomBytes(32).toString('base64url')}`;
  const child: ChildProcess = spawn(process.execPath, [backendJs], {
    cwd: repoRoot,
    env: {
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
      API_KEYS: `bench:service:${createHash('sha256').update(key).digest('hex')}`,
      RECO_CACHE_TTL_MS: '1',
      RESPONSE_CACHE_MS: '0',
      RATE_LIMIT_PER_MINUTE: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  passLines(child.stdout, 'server');
  passLines(child.stderr, 'server');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${key}` };
  const client = new LeanClient(url, headers);
  const backend: RunningBackend = {
    url,
    pid: child.pid ?? -1,
    headers,
    client,
    stop: async () => {
      client.close();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the backend exited (${child.exitCode ?? child.signalCode}) before answering`);
    if (await fetch(`${url}/health/live`).then((r) => r.ok, () => false)) return backend;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await backend.stop();
  throw new Error(`the backend did not answer within ${timeoutMs} ms`);
}
