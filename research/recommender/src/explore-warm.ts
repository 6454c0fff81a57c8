// Warms the /tmp state caches of the harness (buildSplitContext) for several cut-offs (SPLITS).
import { initTensorFlow } from '@reco/ml';
import { buildSplitContext, loadPurchases, splitDays } from './harness';
async function main() {
  await initTensorFlow();
  const rows = loadPurchases();
  for (const d of splitDays('2011-10-09,2011-09-09,2011-08-10,2011-07-11')) buildSplitContext(rows, d, { seasonWindowDays: 14 });
}
main().catch((e) => { console.error(e); process.exit(1); });
