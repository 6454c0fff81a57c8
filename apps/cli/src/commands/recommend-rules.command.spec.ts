import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '@reco/data';
import { MerchandisingAdmin, MerchandisingStore } from '@reco/recommendation-tools';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const SAMPLE = path.join(ROOT, 'libs', 'data', 'sample', 'online-retail-sample.csv.gz');
// Three customers the model knows (their lists are their own) and one it does not (the popular list).
const CUSTOMERS = ['13408', '18102', '15061', 'NOBODY'];

jest.setTimeout(300_000);

// The CLI as users run it (`npm run reco -- ...`), against a temporary SQLite database and object folder.
function reco(args: string[], dataDir: string) {
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), '--conditions=@reco/source', 'apps/cli/src/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', OBJECT_STORE: 'local', OBJECT_STORE_DIR: '', LOG_LEVEL: 'warn' },
    timeout: 240_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("reco recommend with the shop's rules", () => {
  let dir: string;
  let usersFile: string;
  let db: Database;
  let admin: MerchandisingAdmin;

  /** Each customer's list from `reco recommend --users` (JSON lines), by customer. */
  function exported(): Map<string, string[]> {
    const result = reco(['recommend', '--users', usersFile, '--k', '10'], dir);
    expect(result).toMatchObject({ code: 0 });
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { userId: string; items: string[] });
    expect(lines.map((l) => l.userId)).toEqual(CUSTOMERS);
    for (const line of lines) expect(line.items).toHaveLength(10);
    return new Map(lines.map((l) => [l.userId, l.items]));
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'reco-cli-rules-'));
    expect(reco(['import', '--csv', SAMPLE], dir).code).toBe(0);
    expect(reco(['train'], dir).code).toBe(0);
    usersFile = path.join(dir, 'users.txt');
    writeFileSync(usersFile, CUSTOMERS.join('\n') + '\n');
    // The admin API's writes, straight to the CLI's database.
    db = await openDatabase({ url: `file:${path.join(dir, 'reco.db')}` });
    const database = { get: async () => db };
    admin = new MerchandisingAdmin({ database, store: new MerchandisingStore({ database }) });
  });
  afterAll(async () => {
    await db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('an exclude rule stored in the database removes its product from every exported list; one scoped to a placement does not', async () => {
    const before = exported();
    const [first, second] = before.get('13408') as string[];
    const popularTop = (before.get('NOBODY') as string[])[0];
    const exclude = await admin.createRule({ name: 'sold-out', kind: 'exclude', match: { productIds: [first, popularTop] } }, 'spec');
    // Rules limited to a placement belong to that placement's lists, not the plain route an export uses.
    await admin.createRule({ name: 'home-only', kind: 'exclude', placement: 'home', match: { productIds: [second] } }, 'spec');

    const after = exported();
    for (const [userId, items] of after) {
      expect(items).not.toContain(first);
      expect(items).not.toContain(popularTop);
      // The rest of each list keeps its order (the rule removes, the list fills to k).
      const kept = (before.get(userId) as string[]).filter((id) => id !== first && id !== popularTop);
      expect(items.slice(0, kept.length)).toEqual(kept);
    }
    expect(after.get('13408')).toContain(second);

    const one = reco(['recommend', '--user', '13408', '--k', '10', '--format', 'jsonl'], dir);
    expect(JSON.parse(one.stdout) as { items: string[] }).toEqual({ userId: '13408', items: after.get('13408') });

    await admin.deleteRule(exclude.id, 'spec');
    expect(exported().get('13408')?.[0]).toBe(first);
  });

  it('an export is not an exposure: a running experiment assigns no arm and logs nothing', async () => {
    const before = exported();
    // Everyone would be in the popular control (the model arm's weight is a millionth).
    const experiment = await admin.createExperiment(
      { name: 'everywhere', state: 'running', arms: [{ name: 'control', weight: 1_000_000, config: { strategy: 'popular' } }, { name: 'model', weight: 1 }] },
      'spec',
    );
    const during = exported();
    expect(during).toEqual(before);
    expect(during.get('13408')).not.toEqual(during.get('NOBODY'));
    expect(await db.exposures.totals(experiment.id)).toEqual([]);
  });
});
