import type { ArmExposureTotals, ArmOutcomes, DatabaseHandle } from '@reco/data';
import { DEFAULT_MINIMUM_DETECTABLE_LIFT, type Experiment } from '../merchandising/merchandising-schemas';
import type { ArmReport, ExperimentReport } from './experiment-report.types';
import { meanInterval, plannedExposuresPerArm, twoProportionZTest, wilsonInterval } from './experiment-statistics';

const HOUR_MS = 3_600_000;

/**
 * Lists with a click every arm needs before the report calls the data enough, whatever the plan
 * says: the plan rests on the control's observed CTR, and with 100 clicked lists that rate is
 * known to about ±20% (1.96/√100) at 95%; with fewer a lucky start (9 clicks in 30 lists) would
 * plan a sample far too small. 100 successes also keep the normal approximation of the z-test sound.
 */
export const MINIMUM_CLICKED_LISTS_PER_ARM = 100;

/** The arm the others are compared with: the experiment's `control`, else its first arm. */
export function controlArm(experiment: Pick<Experiment, 'arms' | 'control'>): string {
  return experiment.control ?? experiment.arms[0]?.name ?? '';
}

function noOutcomes(arm: string): ArmOutcomes {
  return { arm, clicks: 0, clickedLists: 0, carts: 0, cartedLists: 0, purchases: 0, purchasedLists: 0, revenue: 0, shopperRevenue: [] };
}

/**
 * Exposures each arm needs for a test at 95% confidence and 90% power to detect a CTR change of
 * `minimumDetectableLift` (relative) from the control's observed CTR. Planned from the change
 * worth detecting, never from the observed difference: early noise (0 of 30 against 9 of 30)
 * makes a difference look large and would plan a tiny sample. Null while the control has no
 * clicked list (no rate to plan from). Where a rise cannot exist (a CTR near 1), the same fall.
 */
function plannedFor(control: ArmReport, minimumDetectableLift: number): number | null {
  if (control.clickedLists === 0 || control.exposures === 0) return null;
  const rate = control.ctr.value;
  const raised = rate * (1 + minimumDetectableLift);
  const target = raised <= 1 ? raised : Math.max(0, rate * (1 - Math.min(minimumDetectableLift, 1)));
  return plannedExposuresPerArm(rate, target);
}

/** Events per list shown, as a Wilson interval; never more lists than shown. */
function perList(lists: number, exposures: number): { lists: number; rate: ArmReport['ctr'] } {
  const counted = Math.min(lists, exposures);
  return { lists: counted, rate: wilsonInterval(counted, exposures) };
}

/**
 * The report of an experiment from its per-arm totals and outcomes (db.exposures): arms in the
 * experiment's order, an arm without data with zeros, rows for arms the experiment no longer has
 * left out. CTR = lists with a click / lists shown (Wilson 95%); revenue per shopper = attributed
 * revenue / exposed shoppers with the shoppers who bought nothing as zeros (normal 95%); each
 * other arm against the control: lift = its CTR / the control's − 1 (null while the control has
 * no click), and the pooled two-proportion test's two-sided p-value. Cart and purchase rates:
 * lists with a cart / with an attributed purchase over lists shown (Wilson 95%), like the CTR.
 *
 * enoughData: every arm has at least `plannedExposuresPerArm` exposures (the number a test at 95%
 * confidence and 90% power needs to detect the experiment's minimum detectable lift from the
 * control's CTR) and at least MINIMUM_CLICKED_LISTS_PER_ARM clicked lists. Lists, not shoppers,
 * are the unit here as in the CTR; a shopper's lists are not independent, so read it as a lower bound.
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
    const clicked = perList(outcome.clickedLists, exposures);
    const carted = perList(outcome.cartedLists, exposures);
    const purchased = perList(outcome.purchasedLists, exposures);
    // Revenue of a shopper the totals do not know (e.g. a purchase by the customer a session
    // became) still counts: the divisor is never below the shoppers with revenue.
    return {
      name,
      exposures,
      shoppers,
      clicks: outcome.clicks,
      clickedLists: clicked.lists,
      ctr: clicked.rate,
      carts: outcome.carts,
      cartedLists: carted.lists,
      cartRate: carted.rate,
      purchases: outcome.purchases,
      purchasedLists: purchased.lists,
      purchaseRate: purchased.rate,
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
  const minimumDetectableLift = experiment.minimumDetectableLift ?? DEFAULT_MINIMUM_DETECTABLE_LIFT;
  const planned = controlReport && arms.length > 1 ? plannedFor(controlReport, minimumDetectableLift) : null;
  return {
    experiment: { id: experiment.id, name: experiment.name, placement: experiment.placement ?? null, state: experiment.state, control: controlReport?.name ?? control },
    arms,
    enoughData: planned !== null && arms.every((arm) => arm.exposures >= planned && arm.clickedLists >= MINIMUM_CLICKED_LISTS_PER_ARM),
    plannedExposuresPerArm: planned,
    minimumDetectableLift,
    minimumClickedListsPerArm: MINIMUM_CLICKED_LISTS_PER_ARM,
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
