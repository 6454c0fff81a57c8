import type { RecommendationList, ScoredProduct, ToolLogger } from '@reco/base-tools';
import { silentLogger } from '@reco/base-tools';
import type { DatabaseHandle, ExposureInput } from '@reco/data';
import { arrangeList } from '../merchandising/arrange-list';
import type { MerchandisingSnapshot } from '../merchandising/merchandising-store';
import type { PlacementConfig, Strategy } from '../merchandising/merchandising-schemas';
import type { RankedItem } from '../model/recommender-options';
import type { CatalogSnapshot } from '../registry/catalog-snapshot';
import type { ActiveModel } from '../registry/model-registry';
import { UnknownModelVersionError } from '../registry/model-version-errors';
import type { PlacementRecommendationList } from '../schemas/placement-recommendation-list';
import type { SessionRecommendationList } from '../schemas/session-recommendation-list';
import { catalogFill } from '../service/list-fill';
import { filtersOf, type PopularArgs, type RecommendArgs, type SessionRecommendArgs } from '../service/recommend-args';
import { stamp } from '../service/recommendation-id';
import type { Filters, RecommendationService } from '../service/recommendation-service';
import { withGlobalRules, type RankedSource } from './global-rule-lists';
import { UnknownPlacementError } from './placement-errors';
import { hasPins, planPlacement, purchasesLeftOut, withoutPurchases, type PlacementPlan } from './placement-plan';
import type { PlacementRequest, StrategyCandidates } from './placement-request';
import { shopperPurchases } from './shopper-purchases';
import { strategyCandidates } from './strategies';

export interface PlacementServiceDeps {
  service: RecommendationService;
  database: DatabaseHandle;
  /** The merchandising snapshot (MerchandisingStore). */
  merchandising: { current(): Promise<MerchandisingSnapshot>; loaded(): MerchandisingSnapshot | undefined };
  /**
   * Where experiment answers are logged (ExposureLog): never awaited. Without one (a batch
   * export, the CLI) every list is served outside experiments, as with `outsideExperiments`.
   */
  exposures?: { record(exposure: ExposureInput): void };
  logger?: ToolLogger;
  /** The clock rules' windows are read with; default the system's. */
  now?: () => Date;
}

/** How a plain-route list is asked for besides its arguments. */
export interface PlainRouteOptions {
  /**
   * For lists no shopper is shown now (a batch export, the CLI): no experiment arm is assigned
   * and no exposure logged, so the list is the shop's default one (its global rules apply) and
   * experiment reports count only what shoppers saw.
   */
  outsideExperiments?: boolean;
}

/** The plain recommendation routes: a customer's or a session's personal list. */
const PLAIN_ROUTE: Pick<PlacementConfig, 'strategy' | 'k'> = { strategy: 'personal', k: 10 };

/** An answer before it is mapped to its route's shape. */
interface Served {
  strategy: string;
  modelVersion: string | null;
  items: ScoredProduct[];
  recommendationId: string;
  experiment?: PlacementRecommendationList['experiment'];
}

/**
 * Serves every recommendation list with the shop's merchandising: the placement's strategy (or
 * its experiment arm's), the request's filters scored inside the model, the rules in force
 * (exclude and include-only filter; boost, bury and pin re-arrange), diversity, a fresh
 * recommendationId, and an exposure for lists made in an experiment. The expensive part (the
 * model's ranking) is cached by RecommendationService per filter; rules and diversity apply after
 * it on every request, so a rule change applies at once. When rules leave fewer than k, the
 * strategy ranks again with them inside the model (not cached), so lists stay full.
 */
export class PlacementService {
  private readonly logger: ToolLogger;
  private readonly now: () => Date;
  private readonly warned = new Set<string>();

  constructor(private readonly deps: PlacementServiceDeps) {
    this.logger = deps.logger ?? silentLogger;
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * The named placement's list; UnknownPlacementError for no such placement, PlacementInputError
   * for a missing input. With `request.preview` (staff looking at the list a shopper would get)
   * the answer names the shopper's arm but logs no exposure: no shopper saw it.
   */
  async recommend(name: string, request: PlacementRequest): Promise<PlacementRecommendationList> {
    const snapshot = await this.deps.merchandising.current();
    const config = snapshot.placements.get(name);
    if (!config) throw new UnknownPlacementError(name);
    const { catalog } = await this.deps.service.modelAndCatalog();
    const plan = this.plan(name, config, request, snapshot, catalog);
    const served = await this.serve(plan, request, catalog);
    return { placement: name, ...shopperOf(request), ...served, strategy: plan.strategy };
  }

  /** get_recommendations: the customer's personal list with the global rules and all-placement experiments (see PlainRouteOptions). */
  async recommendForCustomer(userId: string, args: RecommendArgs, options: PlainRouteOptions = {}): Promise<RecommendationList> {
    const request = plainRequest({ userId }, args);
    const snapshot = await this.deps.merchandising.current();
    const { catalog } = await this.deps.service.modelAndCatalog();
    const plan = this.plan(undefined, PLAIN_ROUTE, request, snapshot, catalog, options.outsideExperiments);
    return { userId, ...(await this.serve(plan, request, catalog)) };
  }

  /**
   * What `recommendForCustomer` answers from this process's memory, without I/O; undefined when
   * it has to rank, read the merchandising, or serve an arm with another strategy.
   */
  cachedForCustomer(userId: string, args: RecommendArgs): RecommendationList | undefined {
    const snapshot = this.deps.merchandising.loaded();
    const catalog = this.deps.service.registry.loadedCatalog();
    if (!snapshot || !catalog) return undefined;
    // Starts the revision check when one is due; this answer uses the copy in hand (at most one poll old).
    this.deps.merchandising.current().catch((err: unknown) => this.logger.warn({ err }, 'merchandising check failed'));
    const request = plainRequest({ userId }, args);
    const plan = this.plan(undefined, PLAIN_ROUTE, request, snapshot, catalog);
    if (plan.strategy !== 'personal') return undefined;
    const wanted = plan.experiment?.modelVersion;
    const model = wanted === undefined ? undefined : this.deps.service.registry.loadedVersion(wanted);
    if (wanted !== undefined && !model) return undefined; // loaded (or found unknown) on the async path
    const list = this.deps.service.peekCustomerList(userId, { ...plan.filters, k: plan.pool, excludePurchased: args.excludePurchased }, model);
    if (!list) return undefined;
    const candidates = { items: list.items, source: list.strategy, modelVersion: list.modelVersion, fillable: true, presented: true };
    const accepted = acceptedOf(list.items, plan.accept);
    if (accepted.length < plan.k && plan.hardRules && accepted.length < list.items.length) return undefined;
    // Pins or a fill would need the customer's purchases, which are read from the database.
    if (purchasesLeftOut(plan, request) && (hasPins(plan) || needsFill(plan, candidates, accepted))) return undefined;
    return { userId, ...this.finish(plan, request, catalog, candidates, accepted) };
  }

  /** get_session_recommendations: the session's personal list, as recommendForCustomer. */
  async recommendForSession(sessionId: string, args: SessionRecommendArgs): Promise<SessionRecommendationList> {
    const request = plainRequest({ sessionId }, args);
    const snapshot = await this.deps.merchandising.current();
    const { catalog } = await this.deps.service.modelAndCatalog();
    const plan = this.plan(undefined, PLAIN_ROUTE, request, snapshot, catalog);
    return { sessionId, ...(await this.serve(plan, request, catalog)) };
  }

  /** get_similar_products: RecommendationService.similarProducts with the global rules (see withGlobalRules). */
  similarProducts(productId: string, k: number, filters: Filters = {}): Promise<ScoredProduct[]> {
    return this.productList('similar', productId, k, filters, (n, accept) => this.deps.service.similarProducts(productId, n, filters, { accept }));
  }

  /** get_frequently_bought_together: RecommendationService.boughtTogether with the global rules. */
  boughtTogether(productId: string, k: number, filters: Filters = {}): Promise<ScoredProduct[]> {
    return this.productList('bought-together', productId, k, filters, (n, accept) => this.deps.service.boughtTogether(productId, n, filters, { accept }));
  }

  /** get_popular_products: RecommendationService.popularProducts with the global rules. */
  async popularProducts(args: PopularArgs & Filters): Promise<ScoredProduct[]> {
    const [snapshot, { catalog }] = await Promise.all([this.deps.merchandising.current(), this.deps.service.modelAndCatalog()]);
    const request = { strategy: 'popular' as const, k: args.k, filters: filtersOf(args) };
    return withGlobalRules(snapshot, catalog, this.now(), request, (n, accept) => this.deps.service.popularProducts({ ...args, k: n }, { accept }));
  }

  private async productList(strategy: Strategy, productId: string, k: number, filters: Filters, source: RankedSource): Promise<ScoredProduct[]> {
    const [snapshot, { catalog }] = await Promise.all([this.deps.merchandising.current(), this.deps.service.modelAndCatalog()]);
    // The product the list is about is never in it: a pin naming it included.
    const excludeProductIds = [...(filters.excludeProductIds ?? []), productId];
    return withGlobalRules(snapshot, catalog, this.now(), { strategy, k, filters: { ...filtersOf(filters), excludeProductIds } }, source);
  }

  private plan(
    name: string | undefined,
    config: Pick<PlacementConfig, 'strategy' | 'k' | 'rules' | 'diversity'>,
    request: PlacementRequest,
    snapshot: MerchandisingSnapshot,
    catalog: CatalogSnapshot,
    outsideExperiments = false,
  ): PlacementPlan {
    const served = outsideExperiments || !this.deps.exposures ? { ...snapshot, experiments: [] } : snapshot;
    return planPlacement(name, config, request, served, catalog, this.now(), (experimentId, strategy) =>
      this.warnOnce(`${experimentId}:${strategy}`, { experimentId, strategy, placement: name ?? null }, "an experiment arm's strategy lacks its input here: serving the placement's"),
    );
  }

  /**
   * The model version the shopper's arm names (undefined: the active one). A version the
   * registry does not have, or cannot load, serves the active one: the shopper still gets a
   * list (logged once per experiment and version; the admin refuses such arms up front).
   */
  private async armModel(plan: PlacementPlan): Promise<ActiveModel | undefined> {
    const wanted = plan.experiment?.modelVersion;
    if (wanted === undefined) return undefined;
    try {
      return await this.deps.service.registry.version(wanted);
    } catch (err) {
      const experimentId = plan.experiment?.ref.id;
      if (err instanceof UnknownModelVersionError) {
        this.warnOnce(`${experimentId}:${wanted}`, { experimentId, modelVersion: wanted }, 'an experiment arm names a model version the registry does not have: serving the active one');
      } else {
        this.warnOnce(`${experimentId}:${wanted}`, { err, experimentId, modelVersion: wanted }, "loading an experiment arm's model version failed: serving the active one");
      }
      return undefined;
    }
  }

  private async serve(planned: PlacementPlan, request: PlacementRequest, catalog: CatalogSnapshot): Promise<Served> {
    let plan = planned;
    const model = await this.armModel(plan);
    const call = { strategy: plan.strategy, request, pool: plan.pool, filters: plan.filters, model };
    let candidates = await strategyCandidates(this.deps, call);
    let accepted = acceptedOf(candidates.items, plan.accept);
    if (accepted.length < plan.k && plan.hardRules && accepted.length < candidates.items.length) {
      // Rules turned away what the cached ranking holds: rank with them inside the model.
      candidates = await strategyCandidates(this.deps, { ...call, accept: plan.accept });
      accepted = acceptedOf(candidates.items, plan.accept);
    }
    if (purchasesLeftOut(plan, request) && (hasPins(plan) || needsFill(plan, candidates, accepted))) {
      // The ranking left the purchases out; a pin or the catalogue fill must not bring them back.
      const bought = await shopperPurchases(this.deps.database, request, model ?? (await this.deps.service.modelAndCatalog()).model);
      plan = withoutPurchases(plan, bought);
      accepted = acceptedOf(accepted, plan.accept);
    }
    return this.finish(plan, request, catalog, candidates, accepted);
  }

  /** Fill, rules and diversity, id, experiment and exposure: synchronous, shared by the cached path. */
  private finish(plan: PlacementPlan, request: PlacementRequest, catalog: CatalogSnapshot, candidates: StrategyCandidates, accepted: RankedItem[]): Served {
    const wanted = wantedOf(plan);
    let items: RankedItem[] = accepted;
    if (needsFill(plan, candidates, items)) {
      const fill = catalogFill(catalog, new Set(items.map((i) => i.productId)), wanted - items.length, { category: plan.filters.category, accept: plan.accept });
      items = [...items, ...fill];
    }
    const { includeUnavailable } = plan.filters;
    let shown: ScoredProduct[];
    if (plan.arranges) {
      shown = catalog.present(arrangeList(items, { k: plan.k, rules: plan.rules, diversity: plan.diversity, catalog, accept: plan.accept }), includeUnavailable);
    } else if (items === candidates.items && candidates.presented) {
      // The common case: the cached list as it is (its items are ScoredProducts already).
      const presented = items as ScoredProduct[];
      shown = presented.length > plan.k ? presented.slice(0, plan.k) : presented;
    } else {
      shown = catalog.present(items.slice(0, plan.k), includeUnavailable);
    }
    const source = plan.placement === undefined && !plan.armStrategy ? candidates.source : plan.strategy;
    const served: Served = stamp({ strategy: source, modelVersion: candidates.modelVersion, items: shown });
    if (plan.experiment) {
      served.experiment = plan.experiment.ref;
      if (!request.preview) this.recordExposure(plan, request, served);
    }
    return served;
  }

  private recordExposure(plan: PlacementPlan, request: PlacementRequest, served: Served): void {
    const ref = plan.experiment?.ref;
    if (!ref || !this.deps.exposures) return;
    try {
      this.deps.exposures.record({
        recommendationId: served.recommendationId,
        experimentId: ref.id,
        arm: ref.arm,
        placement: plan.placement ?? null,
        customerId: request.userId ?? null,
        sessionId: request.sessionId ?? null,
        productIds: served.items.map((i) => i.productId),
        at: this.now(),
      });
    } catch (err) {
      // The list is the shopper's; a lost exposure is the report's (logged).
      this.logger.warn({ err, experimentId: ref.id }, 'recording an exposure failed');
    }
  }

  private warnOnce(key: string, fields: object, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.logger.warn(fields, message);
  }
}

/** How many candidates the arranging takes: the pool when rules or diversity re-arrange, else k. */
function wantedOf(plan: PlacementPlan): number {
  return plan.arranges ? plan.pool : plan.k;
}

/** Whether the catalogue fills the list: the strategy allows it and the accepted candidates are short. */
function needsFill(plan: PlacementPlan, candidates: StrategyCandidates, accepted: readonly RankedItem[]): boolean {
  return candidates.fillable && accepted.length < wantedOf(plan);
}

/** The items the filter accepts: the same array when it accepts them all (the common case, no copy). */
function acceptedOf<T extends RankedItem>(items: T[], accept: (productId: string) => boolean): T[] {
  for (let i = 0; i < items.length; i++) if (!accept(items[i].productId)) return items.filter((item) => accept(item.productId));
  return items;
}


function shopperOf(request: PlacementRequest): Pick<PlacementRecommendationList, 'userId' | 'sessionId'> {
  return { ...(request.userId ? { userId: request.userId } : {}), ...(request.sessionId ? { sessionId: request.sessionId } : {}) };
}

function plainRequest(shopper: Pick<PlacementRequest, 'userId' | 'sessionId'>, args: RecommendArgs | SessionRecommendArgs): PlacementRequest {
  return { ...shopper, k: args.k, excludePurchased: 'excludePurchased' in args ? args.excludePurchased : undefined, filters: filtersOf(args) };
}
