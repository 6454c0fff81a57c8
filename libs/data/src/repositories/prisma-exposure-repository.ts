import type { DataClient } from '../database/data-client';
import type { SqlDialect } from '../database/sql-dialect';
import type { ArmExposureTotals, ArmOutcomes, AttributionOptions, ExposureInput, ExposureRepository } from '../types/exposure';
import { toDate } from './raw-sql';
import { ROWS_PER_STATEMENT, rowSource, type RowColumn } from './row-source';

const text = (name: string): RowColumn => ({ name, pgType: 'text' });
const time = (name: string): RowColumn => ({ name, pgType: 'timestamp(3)' });

const EXPOSURE_COLUMNS: readonly RowColumn[] = [
  text('recommendation_id'),
  text('experiment_id'),
  text('arm'),
  text('placement'),
  text('customer_id'),
  text('session_id'),
  text('product_ids'),
  time('at'),
];
const CLICK_WINDOW_COLUMNS: readonly RowColumn[] = [
  { name: 'idx', pgType: 'int' },
  text('customer_id'),
  text('session_id'),
  text('product_id'),
  time('from_at'),
  time('until_at'),
];

// A shopper is their customer id, else their session (the same key arm assignment hashes).
const SHOPPER_SQL = `COALESCE(x.customer_id, 'session:' || x.session_id)`;
const REVENUE_SQL = 'COALESCE(e.quantity, 1) * COALESCE(e.price, 0)';

function check(e: ExposureInput, index: number): void {
  const field = (name: string, reason: string) => new Error(`exposures[${index}].${name}: ${reason}`);
  for (const name of ['recommendationId', 'experimentId', 'arm'] as const) {
    if (typeof e[name] !== 'string' || e[name].length === 0 || e[name].length > 128) throw field(name, 'must be 1-128 characters');
  }
  if (!e.customerId && !e.sessionId) throw field('customerId', 'an exposure needs a customerId or a sessionId');
  if (!Array.isArray(e.productIds)) throw field('productIds', 'must be a list of product ids');
  if (!(e.at instanceof Date) || Number.isNaN(e.at.getTime())) throw field('at', 'must be a valid date');
}

/** A click on one of the experiment's lists, with the arm and shopper of that list. */
interface ExperimentClick {
  arm: string;
  /** The list clicked. */
  recommendationId: string;
  shopper: string;
  customerId: string | null;
  sessionId: string | null;
  productId: string;
  at: Date;
}

/** An attributed purchase: the arm, list and exposed shopper it counts for, and its revenue. */
interface AttributedPurchase {
  arm: string;
  recommendationId: string;
  shopper: string;
  revenue: number;
}

export class PrismaExposureRepository implements ExposureRepository {
  constructor(
    private readonly client: DataClient,
    private readonly dialect: SqlDialect,
  ) {}

  async recordMany(exposures: readonly ExposureInput[]): Promise<number> {
    exposures.forEach(check);
    if (exposures.length === 0) return 0;
    const byId = new Map<string, ExposureInput>();
    for (const e of exposures) if (!byId.has(e.recommendationId)) byId.set(e.recommendationId, e);
    // In id order, so concurrent writers lock the primary key in one order and never deadlock.
    const ordered = [...byId.values()].sort((a, b) => (a.recommendationId < b.recommendationId ? -1 : a.recommendationId > b.recommendationId ? 1 : 0));
    const names = EXPOSURE_COLUMNS.map((c) => c.name).join(', ');
    return this.client.$transaction(
      async (tx) => {
        let inserted = 0;
        for (let i = 0; i < ordered.length; i += ROWS_PER_STATEMENT) {
          const rows = ordered
            .slice(i, i + ROWS_PER_STATEMENT)
            .map((e) => [e.recommendationId, e.experimentId, e.arm, e.placement ?? null, e.customerId || null, e.sessionId || null, JSON.stringify(e.productIds), e.at]);
          const source = rowSource(this.dialect, 'sent', EXPOSURE_COLUMNS, rows);
          const returned = await tx.$queryRawUnsafe<unknown[]>(
            `WITH ${source.sql} INSERT INTO exposures (${names}) SELECT ${names} FROM sent WHERE true
             ON CONFLICT (recommendation_id) DO NOTHING RETURNING recommendation_id`,
            ...source.params,
          );
          inserted += returned.length;
        }
        return inserted;
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  }

  async totals(experimentId: string): Promise<ArmExposureTotals[]> {
    const rows = await this.client.$queryRawUnsafe<{ arm: string; exposures: unknown; shoppers: unknown }[]>(
      `SELECT x.arm, COUNT(*) AS exposures, COUNT(DISTINCT ${SHOPPER_SQL}) AS shoppers
       FROM exposures x WHERE x.experiment_id = ${this.dialect.list(1)} GROUP BY x.arm ORDER BY x.arm`,
      experimentId,
    );
    return rows.map((r) => ({ arm: r.arm, exposures: Number(r.exposures), shoppers: Number(r.shoppers) }));
  }

  async outcomes(experimentId: string, options: AttributionOptions): Promise<ArmOutcomes[]> {
    const windowMs = options.purchaseWindowMs;
    if (!Number.isFinite(windowMs) || windowMs < 0) throw new Error(`purchaseWindowMs: ${windowMs} must be 0 or more`);
    const byArm = new Map<string, ArmOutcomes>();
    const arms = await this.client.$queryRawUnsafe<{ arm: string }[]>(
      `SELECT DISTINCT arm FROM exposures WHERE experiment_id = ${this.dialect.list(1)} ORDER BY arm`,
      experimentId,
    );
    for (const { arm } of arms) byArm.set(arm, { arm, clicks: 0, clickedLists: 0, carts: 0, cartedLists: 0, purchases: 0, purchasedLists: 0, revenue: 0, shopperRevenue: [] });
    for (const counts of await this.directCounts(experimentId)) Object.assign(byArm.get(counts.arm) ?? {}, counts);
    const purchases = await this.directPurchases(experimentId);
    if (windowMs > 0) purchases.push(...(await this.windowPurchases(await this.clicks(experimentId), windowMs)));
    const revenueByShopper = new Map<string, Map<string, number>>();
    const purchasedLists = new Set<string>();
    for (const p of purchases) {
      const outcome = byArm.get(p.arm);
      if (!outcome) continue;
      outcome.purchases++;
      if (!purchasedLists.has(p.recommendationId)) {
        purchasedLists.add(p.recommendationId);
        outcome.purchasedLists++;
      }
      outcome.revenue += p.revenue;
      const shoppers = revenueByShopper.get(p.arm) ?? new Map<string, number>();
      revenueByShopper.set(p.arm, shoppers.set(p.shopper, (shoppers.get(p.shopper) ?? 0) + p.revenue));
    }
    for (const [arm, shoppers] of revenueByShopper) {
      const outcome = byArm.get(arm);
      if (outcome) outcome.shopperRevenue = [...shoppers.values()].filter((revenue) => revenue > 0);
    }
    return [...byArm.values()];
  }

  /** Clicks, carts and the lists with either per arm: events carrying one of the arm's recommendation ids. */
  private async directCounts(experimentId: string): Promise<Pick<ArmOutcomes, 'arm' | 'clicks' | 'clickedLists' | 'carts' | 'cartedLists'>[]> {
    const rows = await this.client.$queryRawUnsafe<{ arm: string; clicks: unknown; clicked_lists: unknown; carts: unknown; carted_lists: unknown }[]>(
      `SELECT x.arm,
              COUNT(CASE WHEN e.type = 'click' THEN 1 END) AS clicks,
              COUNT(DISTINCT CASE WHEN e.type = 'click' THEN x.recommendation_id END) AS clicked_lists,
              COUNT(CASE WHEN e.type = 'cart' THEN 1 END) AS carts,
              COUNT(DISTINCT CASE WHEN e.type = 'cart' THEN x.recommendation_id END) AS carted_lists
       FROM exposures x JOIN events e ON e.recommendation_id = x.recommendation_id
       WHERE x.experiment_id = ${this.dialect.list(1)} AND e.type IN ('click', 'cart')
       GROUP BY x.arm`,
      experimentId,
    );
    return rows.map((r) => ({
      arm: r.arm,
      clicks: Number(r.clicks),
      clickedLists: Number(r.clicked_lists),
      carts: Number(r.carts),
      cartedLists: Number(r.carted_lists),
    }));
  }

  /** Purchase events carrying one of the experiment's recommendation ids. */
  private async directPurchases(experimentId: string): Promise<AttributedPurchase[]> {
    const rows = await this.client.$queryRawUnsafe<{ arm: string; recommendation_id: string; shopper: string; revenue: unknown }[]>(
      `SELECT x.arm, x.recommendation_id, ${SHOPPER_SQL} AS shopper, ${REVENUE_SQL} AS revenue
       FROM exposures x JOIN events e ON e.recommendation_id = x.recommendation_id
       WHERE x.experiment_id = ${this.dialect.list(1)} AND e.type = 'purchase'`,
      experimentId,
    );
    return rows.map((r) => ({ arm: r.arm, recommendationId: r.recommendation_id, shopper: r.shopper, revenue: Number(r.revenue) }));
  }

  /** Every click on one of the experiment's lists, earliest first. */
  private async clicks(experimentId: string): Promise<ExperimentClick[]> {
    const rows = await this.client.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT x.arm, x.recommendation_id, ${SHOPPER_SQL} AS shopper, e.customer_id, e.session_id, e.product_id, e.occurred_at
       FROM exposures x JOIN events e ON e.recommendation_id = x.recommendation_id
       WHERE x.experiment_id = ${this.dialect.list(1)} AND e.type = 'click'`,
      experimentId,
    );
    const clicks = rows.map((r) => ({
      arm: String(r['arm']),
      recommendationId: String(r['recommendation_id']),
      shopper: String(r['shopper']),
      customerId: r['customer_id'] === null ? null : String(r['customer_id']),
      sessionId: r['session_id'] === null ? null : String(r['session_id']),
      productId: String(r['product_id']),
      at: toDate(r['occurred_at']) as Date,
    }));
    // Earliest first (ties by arm name, so the answer never depends on row order).
    return clicks.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.arm < b.arm ? -1 : a.arm > b.arm ? 1 : 0));
  }

  /**
   * Purchases without a recommendation id, by the clicking shopper (same customer, or same
   * session), of the clicked product, at most `windowMs` after the click: each counted once, for
   * the earliest such click. The windows' bounds are computed here, so the SQL is the same on both
   * databases; customer and session matches are separate joins, each on its own index.
   */
  private async windowPurchases(clicks: readonly ExperimentClick[], windowMs: number): Promise<AttributedPurchase[]> {
    const earliest = new Map<string, { click: number; revenue: number }>();
    // SQLite, without statistics, would walk every purchase and scan the clicks for each (2 s for
    // 5,000 clicks): CROSS JOIN makes it loop over the clicks, and a unary + keeps it off the
    // product and type indexes, so each click is one range on its shopper's (shopper, time) index.
    const notIndexed = this.dialect.provider === 'sqlite' ? '+' : '';
    for (const by of ['customer_id', 'session_id'] as const) {
      const matching = clicks.map((c, idx) => ({ c, idx })).filter(({ c }) => (by === 'customer_id' ? c.customerId : c.sessionId) !== null);
      for (let i = 0; i < matching.length; i += ROWS_PER_STATEMENT) {
        const rows = matching
          .slice(i, i + ROWS_PER_STATEMENT)
          .map(({ c, idx }) => [idx, c.customerId, c.sessionId, c.productId, c.at, new Date(c.at.getTime() + windowMs)]);
        const source = rowSource(this.dialect, 'clicked', CLICK_WINDOW_COLUMNS, rows);
        const found = await this.client.$queryRawUnsafe<{ idx: unknown; id: unknown; revenue: unknown }[]>(
          `WITH ${source.sql}
           SELECT c.idx, e.id, ${REVENUE_SQL} AS revenue
           FROM clicked c CROSS JOIN events e
           WHERE e.${by} = c.${by} AND ${notIndexed}e.product_id = c.product_id
             AND e.occurred_at >= c.from_at AND e.occurred_at <= c.until_at
             AND ${notIndexed}e.type = 'purchase' AND e.recommendation_id IS NULL`,
          ...source.params,
        );
        for (const row of found) {
          const id = String(row.id);
          const click = Number(row.idx);
          const seen = earliest.get(id);
          // Clicks are earliest first, so the lowest index is the earliest click.
          if (!seen || click < seen.click) earliest.set(id, { click, revenue: Number(row.revenue) });
        }
      }
    }
    return [...earliest.values()].map(({ click, revenue }) => {
      const c = clicks[click] as ExperimentClick;
      return { arm: c.arm, recommendationId: c.recommendationId, shopper: c.shopper, revenue };
    });
  }
}
