import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase, type DatabaseHandle } from '@reco/data';
import { buildExperimentReport, ExperimentReports, ExposureLog, plannedExposuresPerArm } from '@reco/recommendation-tools';
import { defineBenchmark } from '../benchmark';
import { simulateExperiment, type Experiment, type SimulationPlan } from '../experiment/simulated-experiment';
import { SeededRandom } from '../shop-generator/seeded-random';
import { round } from '../stats';

// Issue 18's check of the report's statistics: known click rates, the planned sample, 100 runs.
const CONTROL_CTR = 0.05;
const TREATMENT_CTR = 0.06;
const REPETITIONS = 100;
const DEFAULT_SEED = 18;
const TARGET_COVERAGE = 0.93;
const TARGET_POWER = 0.8;
// The power plannedExposuresPerArm plans for: the target leaves about three standard errors of margin.
const PLANNED_POWER = 0.9;
const ALPHA = 0.05;

function experimentFor(run: number): Experiment {
  return {
    // A new experiment id per run: assignment is independent across experiments.
    id: `bench-exp-${run}`,
    name: `bench run ${run}`,
    placement: 'home',
    state: 'running',
    purchaseWindowHours: 0,
    control: 'control',
    // 5% → 6% is the +20% the report plans for, so its plan matches this bench's sample.
    minimumDetectableLift: TREATMENT_CTR / CONTROL_CTR - 1,
    arms: [
      { name: 'control', weight: 1, config: { strategy: 'popular' } },
      { name: 'treatment', weight: 1, config: {} },
    ],
  };
}

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: a whole number >= 1 is needed (got ${args[at + 1]})`);
  return value;
}

/**
 * The same simulated run through a real SQLite database: exposures through ExposureLog, click
 * events through db.events, the report read back by ExperimentReports. Its counts must equal those
 * the simulation kept.
 */
async function databaseRun(plan: SimulationPlan, seed: number): Promise<{ matches: boolean; exposures: number; clickEvents: number; seconds: number; mismatch?: unknown }> {
  const simulated = simulateExperiment({ ...plan, keepRows: true }, SeededRandom.derive(seed, 1_000_000), 'bench-db');
  const dir = mkdtempSync(path.join(tmpdir(), 'reco-bench-experiment-'));
  const db = await openDatabase({ url: `file:${path.join(dir, 'experiment.db')}` });
  const started = performance.now();
  try {
    await db.migrate();
    const database: DatabaseHandle = { get: async () => db };
    const log = new ExposureLog({ database });
    for (const exposure of simulated.exposures) log.record(exposure);
    await log.close();
    for (let i = 0; i < simulated.events.length; i += 500) await db.events.recordMany(simulated.events.slice(i, i + 500));
    const now = new Date();
    const fromDatabase = await new ExperimentReports({ database }).report(plan.experiment, now);
    const inMemory = buildExperimentReport(plan.experiment, simulated.totals, simulated.outcomes, now);
    const counted = (r: typeof inMemory) => r.arms.map((a) => ({ name: a.name, exposures: a.exposures, shoppers: a.shoppers, clicks: a.clicks, clickedLists: a.clickedLists, ctr: a.ctr, vsControl: a.vsControl }));
    const matches = JSON.stringify(counted(fromDatabase)) === JSON.stringify(counted(inMemory)) && log.stats().dropped === 0;
    return {
      matches,
      exposures: simulated.exposures.length,
      clickEvents: simulated.events.length,
      seconds: round((performance.now() - started) / 1000, 2),
      ...(matches ? {} : { mismatch: { database: counted(fromDatabase), inMemory: counted(inMemory), log: log.stats() } }),
    };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export default defineBenchmark({
  name: 'experiment',
  description: `A/B report statistics: ${CONTROL_CTR * 100}% vs ${TREATMENT_CTR * 100}% CTR at the planned sample, ${REPETITIONS} runs: interval coverage >= ${TARGET_COVERAGE}, power >= ${TARGET_POWER}; one run through SQLite matches [--seed N] [--repetitions N]`,
  async run(args) {
    const seed = option(args, '--seed', DEFAULT_SEED);
    const repetitions = option(args, '--repetitions', REPETITIONS);
    const planned = plannedExposuresPerArm(CONTROL_CTR, TREATMENT_CTR);
    if (planned === null) throw new Error('the two rates must differ');
    const trueCtr = new Map([
      ['control', CONTROL_CTR],
      ['treatment', TREATMENT_CTR],
    ]);
    const plan = (run: number): SimulationPlan => ({ experiment: experimentFor(run), trueCtr, exposuresPerArm: planned, sessionShare: 0.3, secondClickChance: 0.2, keepRows: false });

    const started = performance.now();
    // Coverage counts each arm's interval on its own: 2 intervals per run, each a 95% interval
    // (both of a run covering at once is expected only 0.95² ≈ 90% of the time).
    let intervals = 0;
    let covering = 0;
    let runsBothCovered = 0;
    const coveredByArm = { control: 0, treatment: 0 };
    let significant = 0;
    let significantWrongWay = 0;
    let enoughData = 0;
    let exposures = 0;
    for (let run = 0; run < repetitions; run++) {
      const simulated = simulateExperiment(plan(run), SeededRandom.derive(seed, run), `bench-${run}`);
      const report = buildExperimentReport(plan(run).experiment, simulated.totals, simulated.outcomes, new Date(0));
      let both = true;
      for (const arm of report.arms) {
        const truth = trueCtr.get(arm.name) ?? Number.NaN;
        const covers = arm.ctr.low <= truth && truth <= arm.ctr.high;
        intervals++;
        if (covers) {
          covering++;
          coveredByArm[arm.name as keyof typeof coveredByArm]++;
        }
        both &&= covers;
        exposures += arm.exposures;
      }
      if (both) runsBothCovered++;
      // "The better arm is called significant": p < 0.05 with the treatment observed ahead.
      const treatment = report.arms.find((arm) => arm.name === 'treatment');
      const p = treatment?.vsControl?.pValue ?? 1;
      const lift = treatment?.vsControl?.lift ?? 0;
      if (p < ALPHA && lift > 0) significant++;
      if (p < ALPHA && lift <= 0) significantWrongWay++;
      if (report.enoughData) enoughData++;
    }
    const simulationSeconds = (performance.now() - started) / 1000;
    const coverage = covering / intervals;
    const power = significant / repetitions;
    const database = await databaseRun(plan(0), seed);
    return {
      bench: 'experiment',
      seed,
      repetitions,
      trueCtr: { control: CONTROL_CTR, treatment: TREATMENT_CTR },
      plannedExposuresPerArm: planned,
      meanExposuresPerArm: round(exposures / (2 * repetitions), 1),
      coverage: round(coverage, 3),
      coverageCounting: 'each arm\'s Wilson 95% interval separately: intervals covering the true rate / (2 × repetitions)',
      coverageByArm: { control: round(coveredByArm.control / repetitions, 3), treatment: round(coveredByArm.treatment / repetitions, 3) },
      runsWithBothIntervalsCovering: round(runsBothCovered / repetitions, 3),
      power: round(power, 3),
      // A binomial share of `repetitions` runs: its standard error at the planned 90% power.
      powerStandardError: round(Math.sqrt((PLANNED_POWER * (1 - PLANNED_POWER)) / repetitions), 3),
      significantWrongWay,
      // Informational: the report plans from the observed control CTR, so at exactly the planned
      // sample about half the runs fall just short of their own plan.
      enoughDataShare: round(enoughData / repetitions, 3),
      simulationSeconds: round(simulationSeconds, 2),
      database,
      targets: { coverage: TARGET_COVERAGE, power: TARGET_POWER, databaseMatches: true },
      pass: coverage >= TARGET_COVERAGE && power >= TARGET_POWER && database.matches,
    };
  },
});
