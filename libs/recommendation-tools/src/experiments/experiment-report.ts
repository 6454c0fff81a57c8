import type { ArmExposureTotals, ArmOutcomes, DatabaseHandle } from '@reco/data';
import type { Experiment } from '../merchandising/merchandising-schemas';
import type { ArmReport, ExperimentReport } from './experiment-report.types';
import { meanInterval, plannedExposuresPerArm, twoProportionZTest, wilsonInterval } from './experiment-statistics';

const HOUR_MS = 3_600_000;

/** The arm the others are compared with: the experiment's `control`, else its first arm. */
export function controlArm(experiment: Pick<Experiment, 'arms' | 'control'>): string {
  return experiment.control ?? experiment.arms[0]?.name ?? '';
}

function noOutcomes(arm: string): ArmOutcomes {
  return { arm, clicks: 0, clickedLists: 0, carts: 0, purchases: 0, revenue: 0, shopperRevenue: [] };
}

/**
 * Exposures each arm needs, at 95% confidence and 90% power, to call the observed CTR difference
 * between it and the control: the largest over the arms (the smallest difference needs the
 * most). Null when some arm's CTR equals the control's (including no clicks anywhere yet), since
 * no sample is planned for no difference.
 */
function plannedFor(arms: readonly ArmReport[], control: ArmReport): number | null {
  let planned = 0;
  for (const arm of arms) {
    if (arm === control) continue;
    const needed = plannedExposuresPerArm(control.ctr.value, arm.ctr.value);
    if (needed === null) return null;
    planned = Math.max(planned, needed);
  }
  return arms.length > 1 ? planned : null;
}

/**
 * The report of an experiment from its per-arm totals and outcomes (db.exposures): arms in the
 * experiment's order, an arm without data with zeros, rows for arms the experiment no longer has
 * left out. CTR = lists with a click / lists shown (Wilson 95%); revenue per shopper = attributed
 * revenue / exposed shoppers with the shoppers who bought nothing as zeros (normal 95%); each
 * other arm against the control: lift = its CTR / the control's − 1 (null while the control has
 * no click), and the pooled two-proportion test's two-sided p-value.
 *
 * enoughData: every arm has at least `plannedExposuresPerArm` exposures, the number a test at 95%
 * confidence and 90% power needs to detect the observed difference. Lists, not shoppers, are the
 * unit here as in the CTR; a shopper's lists are not independent, so read it as a lower bound.
 */
export function buildExperimentReport(
  experiment: Experiment,
  totals: readonly ArmExposureTotals[],
  outcomes: readonly ArmOutcomes[],
  now: Date,
): ExperimentReport {
  const control = controlArm(experiment);
  const totalsByArm = new Map(totals.map((t) => [t.arm, t]));
  const outcomesByArm = new Map(outcomes.map((o) => [o.arm, o]));
  const arms: ArmReport[] = experiment.arms.map(({ name }) => {
    const { exposures, shoppers } = totalsByArm.get(name) ?? { exposures: 0, shoppers: 0 };
    const outcome = outcomesByArm.get(name) ?? noOutcomes(name);
    // A list counts once however often it was clicked; never more clicked lists than lists.
    const clickedLists = Math.min(outcome.clickedLists, exposures);
    // Revenue of a shopper the totals do not know (e.g. a purchase by the customer a session
    // became) still counts: the divisor is never below the shoppers with revenue.
    return {
      name,
      exposures,
      shoppers,
      clicks: outcome.clicks,
      clickedLists,
      ctr: wilsonInterval(clickedLists, exposures),
      carts: outcome.carts,
      purchases: outcome.purchases,
      revenue: outcome.revenue,
      revenuePerShopper: meanInterval(outcome.shopperRevenue, Math.max(shoppers, outcome.shopperRevenue.length)),
    };
  });
  const controlReport = arms.find((arm) => arm.name === control) ?? arms[0];
  for (const arm of arms) {
    if (arm === controlReport) continue;
    const test = twoProportionZTest(controlReport.clickedLists, controlReport.exposures, arm.clickedLists, arm.exposures);
    const lift = controlReport.ctr.value > 0 ? arm.ctr.value / controlReport.ctr.value - 1 : null;
    arm.vsControl = { lift, pValue: test.pValue };
  }
  const planned = controlReport ? plannedFor(arms, controlReport) : null;
  return {
    experiment: { id: experiment.id, name: experiment.name, placement: experiment.placement ?? null, state: experiment.state, control: controlReport?.name ?? control },
    arms,
    enoughData: planned !== null && arms.every((arm) => arm.exposures >= planned),
    plannedExposuresPerArm: planned,
    generatedAt: now.toISOString(),
  };
}

/** Reports read from the database: `GET /api/admin/experiments/:id/report`. */
export class ExperimentReports {
  constructor(private readonly deps: { database: DatabaseHandle }) {}

  async report(experiment: Experiment, now: Date = new Date()): Promise<ExperimentReport> {
    const db = await this.deps.database.get();
    const [totals, outcomes] = await Promise.all([
      db.exposures.totals(experiment.id),
      db.exposures.outcomes(experiment.id, { purchaseWindowMs: experiment.purchaseWindowHours * HOUR_MS }),
    ]);
    return buildExperimentReport(experiment, totals, outcomes, now);
  }
}
