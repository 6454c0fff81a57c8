import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..', '..');

// The CLI as users run it (`npm run reco -- ...`), against a temporary SQLite database.
function reco(args: string[], dataDir: string) {
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), '--conditions=@reco/source', 'apps/cli/src/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', JOB_QUEUE: 'in-process' },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('reco tools invoke', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'reco-cli-tools-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses, at once and with exit 2, a tool that starts a job no process here would run', () => {
    const train = reco(['tools', 'invoke', 'train_model', '{"waitSeconds":0}'], dir);
    expect(train.code).toBe(2);
    expect(train.stderr).toMatch(/train_model starts a job.*reco train/);
  });
});
