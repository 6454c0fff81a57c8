// Warms the /tmp state caches of explore.ts for several cut-offs (SPLITS).
import { buildCtx, init, loadRows } from './explore';
async function main() {
  await init();
  const rows = loadRows();
  for (const d of (process.env['SPLITS'] ?? '2011-10-09,2011-09-09,2011-08-10,2011-07-11').split(',')) buildCtx(rows, d, { seasonWindowDays: 14 });
}
main().catch((e) => { console.error(e); process.exit(1); });
