import type { ExperimentArmRef } from '@reco/base-tools';
import { assignArm, experimentFor, shopperKey } from '../experiments/arm-assignment';
import { candidateFilter } from '../merchandising/candidate-filter';
import type { MerchandisingSnapshot } from '../merchandising/merchandising-store';
import type { Diversity, PlacementConfig, RecommendationFilters, Rule, Strategy } from '../merchandising/merchandising-schemas';
import { activeRules } from '../merchandising/rule-matching';
import type { CatalogSnapshot } from '../registry/catalog-snapshot';
import { clampK, MAX_K } from '../service/recommend-args';
import type { PlacementRequest } from './placement-request';

/** Everything a list is arranged by, fixed before any candidate is scored. */
export interface PlacementPlan {
  /** Undefined on the plain recommendation routes. */
  placement: string | undefined;
  /** The placement's strategy, or its arm's. */
  strategy: Strategy;
  /** True when an experiment's arm chose the strategy. */
  armStrategy: boolean;
  k: number;
  /** Candidates asked of the strategy: more than k when rules filter or re-arrange, or diversity re-ranks. */
  pool: number;
  rules: Rule[];
  /** Whether an exclude or include-only rule filters beyond the request. */
  hardRules: boolean;
  /** Whether boosts, burials, pins or diversity re-arrange the list. */
  arranges: boolean;
  diversity?: Diversity;
  /** The request's filters (and, for a cart, the cart's products excluded). */
  filters: RecommendationFilters;
  /** The request's filters and the hard rules: what the list may hold. */
  accept: (productId: string) => boolean;
  experiment?: { ref: ExperimentArmRef; modelVersion?: string };
}

/** What each strategy cannot do without; undefined when the request has it. */
export function missingInput(strategy: Strategy, request: PlacementRequest): string | undefined {
  switch (strategy) {
    case 'personal':
      return request.userId || request.sessionId ? undefined : 'userId';
    case 'product':
    case 'similar':
    case 'bought-together':
      return request.productId ? undefined : 'productId';
    case 'cart':
      return request.cartProductIds?.length ? undefined : 'cartProductIds';
    case 'buy-again':
      return request.userId ? undefined : 'userId';
    default:
      return undefined;
  }
}

/**
 * How many candidates to rank when rules or diversity act on the list: enough that boosts,
 * burials and diversity have choices, and that a cached pool usually still holds k once exclude
 * and include-only rules took theirs (else each request ranks again, uncached).
 */
export function poolFor(k: number, widened: boolean): number {
  return widened ? Math.min(MAX_K, Math.max(3 * k, k + 30)) : k;
}

/**
 * The plan of one request: the experiment the shopper is in (an arm's strategy, rules and
 * diversity replace the placement's; an arm's strategy the request cannot serve keeps the
 * placement's, reported through `onArmFallback`), the rules in force, the pool and the filter.
 */
export function planPlacement(
  placement: string | undefined,
  config: Pick<PlacementConfig, 'strategy' | 'k' | 'rules' | 'diversity'>,
  request: PlacementRequest,
  snapshot: MerchandisingSnapshot,
  catalog: CatalogSnapshot,
  now: Date,
  onArmFallback?: (experimentId: string, strategy: Strategy) => void,
): PlacementPlan {
  let { strategy, rules: ruleIds, diversity } = config;
  let armStrategy = false;
  let experiment: PlacementPlan['experiment'];
  const key = shopperKey(request);
  const running = key === undefined ? undefined : experimentFor(snapshot.experiments, placement);
  if (running && key !== undefined) {
    const arm = assignArm(running, key);
    const armConfig = arm.config ?? {};
    if (armConfig.strategy && armConfig.strategy !== strategy) {
      if (missingInput(armConfig.strategy, request) === undefined) {
        strategy = armConfig.strategy;
        armStrategy = true;
      } else onArmFallback?.(running.id, armConfig.strategy);
    }
    ruleIds = armConfig.rules ?? ruleIds;
    diversity = armConfig.diversity ?? diversity;
    experiment = { ref: { id: running.id, name: running.name, arm: arm.name }, modelVersion: armConfig.modelVersion };
  }
  const rules = activeRules(snapshot.rules, { placement, now, only: ruleIds });
  const hardRules = rules.some((r) => r.kind === 'exclude' || r.kind === 'include-only');
  const arranges = rules.some((r) => r.kind === 'boost' || r.kind === 'bury' || r.kind === 'pin') || Boolean(diversity?.maxPerCategory || diversity?.mmr);
  const k = clampK(request.k ?? config.k);
  let filters = request.filters ?? {};
  if (strategy === 'cart' && request.cartProductIds?.length) filters = { ...filters, excludeProductIds: [...(filters.excludeProductIds ?? []), ...request.cartProductIds] };
  return {
    placement,
    strategy,
    armStrategy,
    k,
    pool: poolFor(k, arranges || hardRules),
    rules,
    hardRules,
    arranges,
    diversity,
    filters,
    accept: candidateFilter(catalog, filters, rules),
    experiment,
  };
}

/**
 * Whether the shopper's purchases are left out of this list beyond the ranking (pins, the
 * catalogue fill): a customer's personal list asked with excludePurchased, and a session's
 * personal list always (what the personal strategy's ranking itself leaves out).
 */
export function purchasesLeftOut(plan: PlacementPlan, request: PlacementRequest): boolean {
  if (plan.strategy !== 'personal') return false;
  return request.userId !== undefined ? Boolean(request.excludePurchased) : request.sessionId !== undefined;
}

/** Whether pin rules are in force: they place products the ranking did not choose. */
export function hasPins(plan: PlacementPlan): boolean {
  return plan.rules.some((r) => r.kind === 'pin');
}

/** The plan with `bought` refused by its filter as well. */
export function withoutPurchases(plan: PlacementPlan, bought: ReadonlySet<string>): PlacementPlan {
  if (bought.size === 0) return plan;
  const { accept } = plan;
  return { ...plan, accept: (productId) => !bought.has(productId) && accept(productId) };
}
