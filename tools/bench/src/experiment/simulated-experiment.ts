import type { ArmExposureTotals, ArmOutcomes, EventInput, ExposureInput } from '@reco/data';
import { assignArm, shopperKey, type buildExperimentReport } from '@reco/recommendation-tools';
import { SeededRandom } from '../shop-generator/seeded-random';

export type Experiment = Parameters<typeof buildExperimentReport>[0];

export interface SimulationPlan {
  experiment: Experiment;
  /** The true probability that a list of each arm is clicked. */
  trueCtr: ReadonlyMap<string, number>;
  /** The run stops once every arm has at least this many lists. */
  exposuresPerArm: number;
  /** Shoppers that are anonymous sessions (the rest are customers). */
  sessionShare: number;
  /** A clicked list is clicked once more with this probability (clicks ≠ clicked lists). */
  secondClickChance: number;
  /** Also build the exposure and event rows (for the database path). */
  keepRows: boolean;
}

export interface SimulatedExperiment {
  totals: ArmExposureTotals[];
  outcomes: ArmOutcomes[];
  exposures: ExposureInput[];
  events: EventInput[];
}

const PRODUCTS = Array.from({ length: 50 }, (_, i) => `sim-p${i}`);
const LIST_LENGTH = 5;

/**
 * One run of an experiment with known click rates: new shoppers arrive (ids from the seeded
 * stream), each is assigned with assignArm as the service assigns them and shown one list, which
 * they click with their arm's true rate. Counts are kept as the database would report them, and
 * the rows that would reach it when `keepRows`.
 */
export function simulateExperiment(plan: SimulationPlan, random: SeededRandom, runId: string): SimulatedExperiment {
  const counts = new Map(plan.experiment.arms.map((arm) => [arm.name, { exposures: 0, clicks: 0, clickedLists: 0 }]));
  const exposures: ExposureInput[] = [];
  const events: EventInput[] = [];
  const start = Date.UTC(2026, 3, 1);
  const short = () => [...plan.experiment.arms].some((arm) => (counts.get(arm.name)?.exposures ?? 0) < plan.exposuresPerArm);
  for (let i = 0; short(); i++) {
    const anonymous = random.chance(plan.sessionShare);
    const id = `${runId}-${anonymous ? 's' : 'c'}${i}-${random.int(1_000_000)}`;
    const shopper = anonymous ? { sessionId: id } : { userId: id };
    const key = shopperKey(shopper);
    if (!key) throw new Error('a simulated shopper always has an id');
    const arm = assignArm(plan.experiment, key).name;
    const count = counts.get(arm);
    const rate = plan.trueCtr.get(arm);
    if (!count || rate === undefined) throw new Error(`arm ${arm} has no true click rate`);
    count.exposures++;
    const clicked = random.chance(rate);
    const clicks = clicked ? (random.chance(plan.secondClickChance) ? 2 : 1) : 0;
    count.clicks += clicks;
    if (clicked) count.clickedLists++;
    if (!plan.keepRows) continue;
    const recommendationId = `${runId}-rec-${i}`;
    const productIds = Array.from({ length: LIST_LENGTH }, () => random.pick(PRODUCTS));
    const at = new Date(start + i * 1000);
    const who = { customerId: anonymous ? null : id, sessionId: anonymous ? id : null };
    exposures.push({ recommendationId, experimentId: plan.experiment.id, arm, placement: plan.experiment.placement ?? null, ...who, productIds, at });
    for (let c = 0; c < clicks; c++) {
      events.push({ eventId: `${recommendationId}-click-${c}`, ...who, productId: random.pick(productIds), type: 'click', recommendationId, occurredAt: new Date(at.getTime() + 500 + c) });
    }
  }
  const totals: ArmExposureTotals[] = [];
  const outcomes: ArmOutcomes[] = [];
  // One list per shopper here, so shoppers = exposures.
  for (const [arm, c] of counts) {
    totals.push({ arm, exposures: c.exposures, shoppers: c.exposures });
    outcomes.push({ arm, clicks: c.clicks, clickedLists: c.clickedLists, carts: 0, cartedLists: 0, purchases: 0, purchasedLists: 0, revenue: 0, shopperRevenue: [] });
  }
  return { totals, outcomes, exposures, events };
}
