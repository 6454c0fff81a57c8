// "Next-period" linear model: regress what customers bought in the last 30 training days on
// what they had bought before (closed form, ridge), diagonal allowed (repeats learned).
// `LAMBDAS=30,100,300 npx tsx --conditions=@reco/source research/recommender/src/explore-next.ts`
// Re-run on moving to research/ (states with quantity weighting), 2011-10-09, λ=100 hl=240: all
// 0.1034 (NDCG 0.1448) / new 0.0341, far below the blend. Not adopted.
import { initTensorFlow, invertSpd, tf } from '@reco/ml';
import { DAY_MS } from '@reco/recommendation-tools/model';
import { buildSplitContext, decay, evaluateScorer, formatResult, loadPurchases, splitDays, type SplitContext } from './harness';

function nextPeriod(ctx: SplitContext, lambda: number, hl: number, horizonDays: number): Float32Array {
  const n = ctx.state.productIds.length;
  const T = ctx.trainedUntil;
  const Tp = T - horizonDays * DAY_MS;
  const gram = new Float32Array(n * n);
  const cross = new Float32Array(n * n);
  let rows = 0;
  for (const hs of ctx.hist.values()) {
    const xi: number[] = [], xw: number[] = [], yi: number[] = [];
    for (const h of hs) {
      const before = h.times.filter((t) => t < Tp);
      if (before.length) { xi.push(h.item); xw.push(before.reduce((s, t) => s + decay(Tp - t, hl), 0)); }
      if (h.times.some((t) => t >= Tp)) yi.push(h.item);
    }
    if (!xi.length || !yi.length) continue;
    rows++;
    for (let a = 0; a < xi.length; a++) {
      for (let b = 0; b < xi.length; b++) gram[xi[a] * n + xi[b]] += xw[a] * xw[b];
      for (const j of yi) cross[xi[a] * n + j] += xw[a];
    }
  }
  for (let i = 0; i < n; i++) gram[i * n + i] += lambda;
  const t0 = Date.now();
  const B = tf.tidy(() => tf.matMul(invertSpd(tf.tensor2d(gram, [n, n])), tf.tensor2d(cross, [n, n])));
  const out = B.dataSync() as Float32Array;
  B.dispose();
  console.error(`next-period: ${rows} rows, solve ${Date.now() - t0} ms`);
  return out;
}

async function main() {
  await initTensorFlow();
  const rows = loadPurchases();
  for (const day of splitDays()) {
    const ctx = buildSplitContext(rows, day, { lambda: 100 });
    const n = ctx.state.productIds.length;
    console.log(`--- ${day}`);
    for (const lambda of (process.env['LAMBDAS'] ?? '30,100,300').split(',').map(Number)) {
      const hl = Number(process.env['NHL'] ?? 240);
      const B = nextPeriod(ctx, lambda, hl, 30);
      const scorer = (c: string) => {
        const out = new Float32Array(n);
        for (const h of ctx.hist.get(c) ?? []) {
          const x = h.times.reduce((s, t) => s + decay(ctx.trainedUntil - t, hl), 0);
          const row = h.item * n;
          for (let j = 0; j < n; j++) out[j] += x * B[row + j];
        }
        return out;
      };
      console.log(formatResult(`next-period λ=${lambda} hl=${hl}`, evaluateScorer(ctx, scorer)));
    }
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
