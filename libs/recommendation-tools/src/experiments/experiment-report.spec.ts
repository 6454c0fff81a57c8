import type { ArmExposureTotals, ArmOutcomes, DatabaseHandle, ExposureInput } from '@reco/data';
import { describeEachBackend, useMigratedDatabase } from '@reco/data/testing';
import type { Experiment } from '../merchandising/merchandising-schemas';
import { buildExperimentReport, ExperimentReports, MINIMUM_CLICKED_LISTS_PER_ARM } from './experiment-report';
import { meanInterval, plannedExposuresPerArm, twoProportionZTest, wilsonInterval } from './experiment-statistics';

const NOW = new Date('2026-05-01T12:00:00Z');

function experiment(extra: Partial<Experiment> = {}): Experiment {
  return {
    id: 'exp-1',
    name: 'Model against best sellers',
    placement: 'home',
    state: 'running',
    purchaseWindowHours: 24,
    arms: [
      { name: 'popular', weight: 1, config: { strategy: 'popular' } },
      { name: 'model', weight: 1, config: {} },
    ],
    ...extra,
  };
}

const outcome = (arm: string, o: Partial<ArmOutcomes>): ArmOutcomes => ({ arm, clicks: 0, clickedLists: 0, carts: 0, cartedLists: 0, purchases: 0, purchasedLists: 0, revenue: 0, shopperRevenue: [], ...o });
const zero = { value: 0, low: 0, high: 0 };

describe('buildExperimentReport', () => {
  const totals: ArmExposureTotals[] = [
    { arm: 'model', exposures: 10_000, shoppers: 4000 },
    { arm: 'popular', exposures: 10_000, shoppers: 4100 },
  ];
  const outcomes: ArmOutcomes[] = [
    outcome('model', { clicks: 700, clickedLists: 600, carts: 90, cartedLists: 80, purchases: 30, purchasedLists: 25, revenue: 300, shopperRevenue: [100, 120, 80] }),
    outcome('popular', { clicks: 560, clickedLists: 500, carts: 70, cartedLists: 66, purchases: 20, purchasedLists: 19, revenue: 200, shopperRevenue: [200] }),
  ];

  it("lists the arms in the experiment's order with their counts, CTR and revenue per shopper", () => {
    const report = buildExperimentReport(experiment(), totals, outcomes, NOW);
    expect(report.experiment).toEqual({ id: 'exp-1', name: 'Model against best sellers', placement: 'home', state: 'running', control: 'popular' });
    expect(report.arms.map((a) => a.name)).toEqual(['popular', 'model']);
    const [popular, model] = report.arms;
    expect(model).toMatchObject({ exposures: 10_000, shoppers: 4000, clicks: 700, clickedLists: 600, carts: 90, cartedLists: 80, purchases: 30, purchasedLists: 25, revenue: 300 });
    // CTR counts lists with a click, not clicks; cart and purchase rates likewise count lists.
    expect(model.ctr).toEqual(wilsonInterval(600, 10_000));
    expect(model.ctr.value).toBe(0.06);
    expect(model.cartRate).toEqual(wilsonInterval(80, 10_000));
    expect(model.cartRate.value).toBe(0.008);
    expect(model.purchaseRate).toEqual(wilsonInterval(25, 10_000));
    expect(popular.purchaseRate.low).toBeLessThan(19 / 10_000);
    expect(popular.purchaseRate.high).toBeGreaterThan(19 / 10_000);
    expect(model.revenuePerShopper).toEqual(meanInterval([100, 120, 80], 4000));
    expect(model.revenuePerShopper.value).toBe(300 / 4000);
    expect(popular.vsControl).toBeUndefined();
    expect(report.generatedAt).toBe('2026-05-01T12:00:00.000Z');
  });

  it('compares each other arm with the control: lift of the CTR and the pooled test p-value', () => {
    const report = buildExperimentReport(experiment(), totals, outcomes, NOW);
    const model = report.arms[1];
    expect(model.vsControl?.lift).toBeCloseTo(0.06 / 0.05 - 1, 12);
    expect(model.vsControl?.pValue).toBeCloseTo(twoProportionZTest(500, 10_000, 600, 10_000).pValue, 12);
    expect(model.vsControl?.pValue).toBeCloseTo(0.001925, 6);
  });

  it('enoughData: planned from the minimum detectable lift and the control CTR, not from the observed difference', () => {
    // Default lift 0.1 from the control's 5%: 5% against 5.5%, whatever the arms showed.
    const short = buildExperimentReport(experiment(), totals, outcomes, NOW);
    expect(short.minimumDetectableLift).toBe(0.1);
    expect(short.plannedExposuresPerArm).toBe(plannedExposuresPerArm(0.05, 0.055));
    expect(short.plannedExposuresPerArm).toBeGreaterThan(40_000);
    expect(short.enoughData).toBe(false);
    // Planned for +20%: 5% against 6%, 10,921 lists per arm; 10,000 are short, 11,000 enough.
    const plusTwenty = experiment({ minimumDetectableLift: 0.2 });
    const planned = plannedExposuresPerArm(0.05, 0.06);
    expect(planned).toBe(10_921);
    const shortOfIt = buildExperimentReport(plusTwenty, totals, outcomes, NOW);
    expect(shortOfIt.plannedExposuresPerArm).toBe(planned);
    expect(shortOfIt.enoughData).toBe(false);
    const enough = buildExperimentReport(
      plusTwenty,
      totals.map((t) => ({ ...t, exposures: 11_000 })),
      [outcome('model', { clickedLists: 660 }), outcome('popular', { clickedLists: 550 })],
      NOW,
    );
    expect(enough.plannedExposuresPerArm).toBe(planned);
    expect(enough.enoughData).toBe(true);
    // The plan does not move with the treatment's observed rate, only with the control's.
    const sameControl = buildExperimentReport(plusTwenty, totals.map((t) => ({ ...t, exposures: 11_000 })), [outcome('model', { clickedLists: 900 }), outcome('popular', { clickedLists: 550 })], NOW);
    expect(sameControl.plannedExposuresPerArm).toBe(planned);
  });

  it('early noise is not enough data: 0 of 30 against 9 of 30, or 3 of 30 against 9 of 30', () => {
    const early = [
      { arm: 'popular', exposures: 30, shoppers: 30 },
      { arm: 'model', exposures: 30, shoppers: 30 },
    ];
    // The observed difference (0% against 30%) would have planned 28 lists per arm.
    expect(plannedExposuresPerArm(0, 0.3)).toBe(28);
    const noControlClick = buildExperimentReport(experiment(), early, [outcome('model', { clickedLists: 9 })], NOW);
    expect(noControlClick.plannedExposuresPerArm).toBeNull();
    expect(noControlClick.enoughData).toBe(false);
    const lucky = buildExperimentReport(experiment(), early, [outcome('popular', { clickedLists: 3 }), outcome('model', { clickedLists: 9 })], NOW);
    expect(lucky.plannedExposuresPerArm).toBe(plannedExposuresPerArm(0.1, 0.11));
    expect(lucky.enoughData).toBe(false);
  });

  it(`enoughData also needs ${MINIMUM_CLICKED_LISTS_PER_ARM} clicked lists in every arm, however small the plan`, () => {
    // A 50% CTR planned for +20% needs 519 lists per arm; the treatment has 99 clicked lists in 600.
    const wide = experiment({ minimumDetectableLift: 0.2 });
    const planned = plannedExposuresPerArm(0.5, 0.6);
    expect(planned).toBe(519);
    const lists = [
      { arm: 'popular', exposures: 600, shoppers: 600 },
      { arm: 'model', exposures: 600, shoppers: 600 },
    ];
    const few = buildExperimentReport(wide, lists, [outcome('popular', { clickedLists: 300 }), outcome('model', { clickedLists: 99 })], NOW);
    expect(few.plannedExposuresPerArm).toBe(planned);
    expect(few.minimumClickedListsPerArm).toBe(100);
    expect(few.enoughData).toBe(false);
    expect(buildExperimentReport(wide, lists, [outcome('popular', { clickedLists: 300 }), outcome('model', { clickedLists: 100 })], NOW).enoughData).toBe(true);
    // A control CTR so high that the lift cannot be a rise: planned for the same fall.
    const full = buildExperimentReport(wide, lists, [outcome('popular', { clickedLists: 600 }), outcome('model', { clickedLists: 580 })], NOW);
    expect(full.plannedExposuresPerArm).toBe(plannedExposuresPerArm(1, 0.8));
  });

  it('names the control given, and plans for the smallest difference among several arms', () => {
    const three = experiment({ control: 'model', arms: [...experiment().arms, { name: 'diverse', weight: 1, config: { diversity: { mmr: 0.3 } } }] });
    const report = buildExperimentReport(
      three,
      [...totals, { arm: 'diverse', exposures: 10_000, shoppers: 3900 }],
      [...outcomes, outcome('diverse', { clickedLists: 550 })],
      NOW,
    );
    expect(report.experiment.control).toBe('model');
    expect(report.arms.map((a) => [a.name, a.vsControl === undefined])).toEqual([
      ['popular', false],
      ['model', true],
      ['diverse', false],
    ]);
    expect(report.arms[0].vsControl?.lift).toBeCloseTo(0.05 / 0.06 - 1, 12);
    // Planned from the control given (6%), for the default +10%.
    expect(report.plannedExposuresPerArm).toBe(plannedExposuresPerArm(0.06, 0.066));
    expect(report.enoughData).toBe(false);
  });

  it('shows an arm without data with zeros, and leaves out arms the experiment no longer has', () => {
    const report = buildExperimentReport(
      experiment(),
      [{ arm: 'popular', exposures: 50, shoppers: 20 }, { arm: 'removed', exposures: 9, shoppers: 9 }],
      [outcome('popular', { clicks: 3, clickedLists: 2 }), outcome('removed', { clicks: 9, clickedLists: 9 })],
      NOW,
    );
    expect(report.arms.map((a) => a.name)).toEqual(['popular', 'model']);
    expect(report.arms[1]).toEqual({
      name: 'model',
      exposures: 0,
      shoppers: 0,
      clicks: 0,
      clickedLists: 0,
      ctr: zero,
      carts: 0,
      cartedLists: 0,
      cartRate: zero,
      purchases: 0,
      purchasedLists: 0,
      purchaseRate: zero,
      revenue: 0,
      revenuePerShopper: { value: 0, low: 0, high: 0 },
      vsControl: { lift: -1, pValue: 1 },
    });
    expect(report.enoughData).toBe(false);
  });

  it('has no lift while the control has no click, and plans nothing without a control click', () => {
    const report = buildExperimentReport(experiment(), totals, [outcome('model', { clickedLists: 3 })], NOW);
    expect(report.arms[1].vsControl?.lift).toBeNull();
    const none = buildExperimentReport(experiment(), totals, [], NOW);
    expect(none.plannedExposuresPerArm).toBeNull();
    expect(none.enoughData).toBe(false);
    expect(none.experiment.placement).toBe('home');
    expect(buildExperimentReport(experiment({ placement: undefined }), [], [], NOW).experiment.placement).toBeNull();
  });
});

describeEachBackend('ExperimentReports', (backend) => {
  const db = useMigratedDatabase(backend);
  const database: DatabaseHandle = { get: async () => db() };
  const at = (minutes: number) => new Date(Date.UTC(2026, 3, 1, 10, minutes));
  const exposure = (id: string, arm: string, shopper: { customerId?: string; sessionId?: string }, productIds: string[], minutes: number): ExposureInput => ({
    recommendationId: id,
    experimentId: 'exp-1',
    arm,
    placement: 'home',
    customerId: shopper.customerId ?? null,
    sessionId: shopper.sessionId ?? null,
    productIds,
    at: at(minutes),
  });

  it('reads exposures and the events attributed to each arm, purchases within the window included', async () => {
    await db().exposures.recordMany([
      exposure('r-1', 'popular', { customerId: 'c-1' }, ['p-1', 'p-2'], 0),
      exposure('r-2', 'popular', { customerId: 'c-1' }, ['p-1', 'p-3'], 1),
      exposure('r-3', 'popular', { sessionId: 's-9' }, ['p-2'], 2),
      exposure('r-4', 'model', { customerId: 'c-2' }, ['p-4', 'p-5'], 3),
      // Another experiment's list: never counted here.
      { ...exposure('r-5', 'model', { customerId: 'c-2' }, ['p-4'], 4), experimentId: 'exp-other' },
    ]);
    await db().events.recordMany([
      { eventId: 'e-1', customerId: 'c-1', productId: 'p-1', type: 'click', recommendationId: 'r-1', occurredAt: at(10) },
      { eventId: 'e-2', customerId: 'c-1', productId: 'p-2', type: 'click', recommendationId: 'r-1', occurredAt: at(11) },
      { eventId: 'e-3', customerId: 'c-2', productId: 'p-4', type: 'click', recommendationId: 'r-4', occurredAt: at(12) },
      { eventId: 'e-4', customerId: 'c-2', productId: 'p-4', type: 'cart', recommendationId: 'r-4', occurredAt: at(13) },
      // Bought within the day after the click, without the recommendation id: counts for model.
      { eventId: 'e-5', customerId: 'c-2', productId: 'p-4', type: 'purchase', quantity: 2, price: 12.5, occurredAt: at(50) },
      // Bought directly from a popular list.
      { eventId: 'e-6', sessionId: 's-9', productId: 'p-2', type: 'purchase', quantity: 1, price: 8, recommendationId: 'r-3', occurredAt: at(20) },
      { eventId: 'e-7', customerId: 'c-2', productId: 'p-4', type: 'click', recommendationId: 'r-5', occurredAt: at(14) },
    ]);
    const experimentWithWindow = experiment();
    const report = await new ExperimentReports({ database }).report(experimentWithWindow, NOW);
    const [popular, model] = report.arms;
    expect(popular).toMatchObject({ name: 'popular', exposures: 3, shoppers: 2, clicks: 2, clickedLists: 1, carts: 0, cartedLists: 0, purchases: 1, purchasedLists: 1, revenue: 8 });
    expect(popular.ctr).toEqual(wilsonInterval(1, 3));
    expect(popular.cartRate).toEqual(wilsonInterval(0, 3));
    expect(popular.purchaseRate).toEqual(wilsonInterval(1, 3));
    expect(popular.revenuePerShopper).toEqual(meanInterval([8], 2));
    expect(model).toMatchObject({ name: 'model', exposures: 1, shoppers: 1, clicks: 1, clickedLists: 1, carts: 1, cartedLists: 1, purchases: 1, purchasedLists: 1, revenue: 25 });
    expect(model.cartRate).toEqual(wilsonInterval(1, 1));
    expect(model.vsControl?.lift).toBeCloseTo(1 / (1 / 3) - 1, 12);

    // Without a purchase window only the direct purchase counts.
    const direct = await new ExperimentReports({ database }).report({ ...experimentWithWindow, purchaseWindowHours: 0 }, NOW);
    expect(direct.arms[1]).toMatchObject({ purchases: 0, purchasedLists: 0, purchaseRate: wilsonInterval(0, 1), revenue: 0 });
    expect(direct.arms[0]).toMatchObject({ purchases: 1, revenue: 8 });
  });
});
