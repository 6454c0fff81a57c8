import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';

// Setting 3 of 3: the lib compiled by tsc and run by plain node (no tsx, no @reco/source),
// with a plain-JS task module, as a production build runs it.
const libRoot = path.resolve(__dirname, '..', '..');
const outRoot = path.join(libRoot, 'out-tsc');

describe('AsyncExecutor built to JavaScript', () => {
  let outDir: string;

  beforeAll(() => {
    mkdirSync(outRoot, { recursive: true });
    outDir = mkdtempSync(path.join(outRoot, 'built-'));
    const tsc = require.resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', path.join(libRoot, 'tsconfig.lib.json'), '--outDir', outDir, '--tsBuildInfoFile', path.join(outDir, 'build.tsbuildinfo')], { stdio: 'pipe' });
  }, 60_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('runs a task from dist with plain node workers', () => {
    const script = `
      const { AsyncExecutor } = require(${JSON.stringify(path.join(outDir, 'index.js'))});
      const executor = new AsyncExecutor({ threads: 1 });
      executor.registerTask('double', ${JSON.stringify(path.join(__dirname, '..', '__fixtures__', 'tasks', 'plain', 'double.task.js'))});
      executor.run('double', { value: 4 })
        .then((r) => { console.log(JSON.stringify(r)); return executor.close(); })
        .catch((e) => { console.error(e); process.exit(1); });
    `;
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    const result = JSON.parse(out.trim().split('\n').at(-1) ?? '') as { doubled: number; execArgv: string[] };
    expect(result.doubled).toBe(8);
    expect(result.execArgv.join(' ')).not.toMatch(/tsx|@reco\/source/);
  }, 30_000);
});
