import { spawnSync } from 'node:child_process';
import path from 'node:path';

// Proves the Nx module-boundary rule bites: each probe is linted as if it were a file inside
// the named project, and must be refused (or, for the allowed direction, accepted).
const root = path.resolve(__dirname, '../../..');
const RULE = '@nx/enforce-module-boundaries';

// The real ESLint CLI, as `nx lint` runs it: the flat config needs dynamic import, which Jest lacks.
async function boundaryErrors(fileInProject: string, source: string): Promise<string[]> {
  const run = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', '--stdin', '--stdin-filename', fileInProject],
    { cwd: root, input: source, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } },
  );
  if (!run.stdout.trim().startsWith('[')) throw new Error(`eslint did not run: ${run.stderr || run.stdout}`);
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('module boundaries', () => {
  jest.setTimeout(60_000);

  it.each([
    ['a lib reaching into an app', 'libs/agent/src/probe.ts', "import { createApp } from '../../../apps/backend/src/app';\nexport const c = createApp;\n"],
    ['infrastructure importing a domain lib', 'libs/async-cache/src/probe.ts', "import { ToolRegistry } from '@reco/base-tools';\nexport const r = ToolRegistry;\n"],
    ['a tool lib importing another tool lib', 'libs/search-tools/src/probe.ts', "import * as u from '@reco/user-tools';\nexport const x = u;\n"],
    ['a core lib importing a tool lib', 'libs/data/src/probe.ts', "import * as r from '@reco/recommendation-tools';\nexport const x = r;\n"],
    ['a tool lib importing the agent', 'libs/user-tools/src/probe.ts', "import * as a from '@reco/agent';\nexport const x = a;\n"],
    ['a product lib importing the research project', 'libs/search-tools/src/probe.ts', "import { maxOf } from '@reco/research-recommender/src/harness';\nexport const m = maxOf;\n"],
    ['an app importing the research project', 'apps/backend/src/probe.ts', "import { maxOf } from '@reco/research-recommender/src/harness';\nexport const m = maxOf;\n"],
    ['the shops\' client importing a product lib', 'libs/client/src/probe.ts', "import { ToolRegistry } from '@reco/base-tools';\nexport const r = ToolRegistry;\n"],
    ['research importing the agent', 'research/recommender/src/probe.ts', "import * as a from '@reco/agent';\nexport const x = a;\n"],
  ])('refuses %s', async (_label, file, source) => {
    const errors = await boundaryErrors(file, source);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('accepts the allowed direction (tool lib -> base-tools, app -> runtime)', async () => {
    expect(await boundaryErrors('libs/search-tools/src/probe.ts', "import { ToolRegistry } from '@reco/base-tools';\nexport const r = ToolRegistry;\n")).toEqual([]);
    expect(await boundaryErrors('apps/cli/src/probe.ts', "import { loadConfig } from '@reco/runtime';\nexport const l = loadConfig;\n")).toEqual([]);
  });

  it('accepts research on the model internals and core libs', async () => {
    const source = "import { pooledSeason } from '@reco/recommendation-tools/model';\nimport { initTensorFlow } from '@reco/ml';\nexport const x = [pooledSeason, initTensorFlow];\n";
    expect(await boundaryErrors('research/recommender/src/probe.ts', source)).toEqual([]);
  });
});
