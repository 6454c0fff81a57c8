import { defineBenchmark } from '../benchmark';
import type { ShopSize } from '../shop-generator/generate-shop';
import { builtApps } from '../scale/built-apps';
import type { ScaleFigures } from '../scale/scale-figures';
import { scaleReport } from '../scale/scale-report';
import { runScale } from '../scale/scale-run';
import { loadFigures, saveFigures, scaleRoot } from '../scale/scale-store';
import { L_TARGETS } from '../scale/scale-targets';

const SIZES: readonly ShopSize[] = ['S', 'M', 'L'];
const USAGE = 'npm run bench -- scale [S|M|L|all] [--postgres] [--no-build] [--keep]';

/**
 * Issue 15: a generated shop (cached) imported, trained and served by the built CLI and backend,
 * each stage its own process, measured; then the growth from S to M to L from the stored figures
 * of each size. See src/scale/README.md.
 */
export default defineBenchmark({
  name: 'scale',
  description: `a generated shop of size S, M or L: import (SQLite, PostgreSQL with --postgres), train, serve; figures, growth S->M->L and the L targets (${USAGE})`,
  async run(args) {
    const flags = new Set(args.filter((a) => a.startsWith('--')));
    for (const flag of flags) if (!['--postgres', '--no-build', '--keep'].includes(flag)) throw new Error(`unknown option ${flag}: ${USAGE}`);
    const named = (args.find((a) => !a.startsWith('--')) ?? 'S').toUpperCase();
    if (named !== 'ALL' && !(SIZES as readonly string[]).includes(named)) throw new Error(`size is S, M, L or all, got ${named}: ${USAGE}`);
    const sizes = named === 'ALL' ? SIZES : [named as ShopSize];
    const apps = builtApps(!flags.has('--no-build'));
    const fresh: ScaleFigures[] = [];
    for (const size of sizes) {
      const figures = await runScale({ size, postgres: flags.has('--postgres'), apps, keep: flags.has('--keep') });
      saveFigures(figures);
      fresh.push(figures);
    }
    // The curve uses this run's sizes and the latest stored figures of the others.
    const stored = SIZES.filter((s) => !sizes.includes(s)).flatMap((s) => loadFigures(s) ?? []);
    const report = scaleReport([...stored, ...fresh]);
    for (const line of report.lines) console.log(line);
    console.log(`stored figures: ${scaleRoot()}/results/<size>.json`);
    const last = fresh.at(-1) as ScaleFigures;
    const pass = fresh.every((f) => report.reports[f.size].pass);
    return {
      bench: 'scale',
      size: named === 'ALL' ? 'all' : last.size,
      ...(named === 'ALL' ? {} : { figures: last, checks: report.reports[last.size].checks }),
      sizes: report.sizes,
      growth: report.growth,
      targets: L_TARGETS,
      pass,
    };
  },
});
