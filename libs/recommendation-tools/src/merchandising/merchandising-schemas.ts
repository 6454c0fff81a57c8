import { z } from 'zod';
import { ProductIdSchema } from '@reco/base-tools';
import { CategoryFilterSchema, RecordIdSchema } from '@reco/data';

// The shapes shops' code, the admin API and the dashboard share (issue 18's "API shapes"):
// extend, don't rename. Bodies stored in the database are parsed with these again on load.

const Price = z.number().min(0).max(1_000_000);
/** A tag as products carry it: a plain word or key:value ("color:red"). */
export const TagFilterSchema = z.string().trim().min(1).max(100).describe('A product tag, e.g. "red" or "color:red" (any letter case)');
/** Names of placements: lower-case words joined by dashes, e.g. `home`, `buy-again`, `summer-sale`. */
export const PlacementNameSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters and digits joined by dashes')
  .max(64)
  .describe('A placement, e.g. home, product, cart, buy-again, trending, new-arrivals');

export const RULE_KINDS = ['exclude', 'include-only', 'boost', 'bury', 'pin'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** Which products a rule applies to: all given conditions hold (an empty match: every product). */
export const RuleMatchSchema = z
  .object({
    productIds: z.array(ProductIdSchema).max(1000).optional(),
    categories: z.array(CategoryFilterSchema).max(100).optional().describe('In any of these categories or under them'),
    tags: z.array(TagFilterSchema).max(100).optional().describe('Carrying any of these tags'),
    minPrice: Price.optional(),
    maxPrice: Price.optional(),
    available: z.boolean().optional(),
  })
  .strict()
  .refine((m) => m.minPrice === undefined || m.maxPrice === undefined || m.minPrice <= m.maxPrice, { message: 'must not exceed maxPrice', path: ['minPrice'] });
export type RuleMatch = z.infer<typeof RuleMatchSchema>;

/** A rule as a client sends it (POST, PUT): the server gives the id on POST. */
export const RuleInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100).describe('Shown in item reasons, e.g. pinned:spring-sale'),
    kind: z.enum(RULE_KINDS),
    placement: PlacementNameSchema.optional().describe('Only on this placement; absent: everywhere'),
    match: RuleMatchSchema,
    factor: z.number().gt(1).max(100).optional().describe('boost multiplies scores by it, bury divides by it'),
    position: z.number().int().min(1).max(100).optional().describe('pin: the 1-based place in the list'),
    activeFrom: z.coerce.date().optional(),
    activeUntil: z.coerce.date().optional(),
    enabled: z.boolean().default(true),
  })
  .strict()
  .superRefine((r, ctx) => {
    if ((r.kind === 'boost' || r.kind === 'bury') && r.factor === undefined) ctx.addIssue({ code: 'custom', path: ['factor'], message: `is required for a ${r.kind} rule` });
    if (r.kind !== 'boost' && r.kind !== 'bury' && r.factor !== undefined) ctx.addIssue({ code: 'custom', path: ['factor'], message: `applies only to boost and bury rules` });
    if (r.kind === 'pin' && r.position === undefined) ctx.addIssue({ code: 'custom', path: ['position'], message: 'is required for a pin rule' });
    if (r.kind !== 'pin' && r.position !== undefined) ctx.addIssue({ code: 'custom', path: ['position'], message: 'applies only to pin rules' });
    if (r.kind === 'pin' && !r.match.productIds?.length) ctx.addIssue({ code: 'custom', path: ['match', 'productIds'], message: 'a pin rule names the product(s) to pin' });
    // An empty match holds for every product: such a rule would empty (exclude) or leave as is
    // (include-only) every list, which no shop means.
    if ((r.kind === 'exclude' || r.kind === 'include-only') && Object.values(r.match).every((condition) => condition === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['match'], message: `an ${r.kind} rule with an empty match would ${r.kind === 'exclude' ? 'hide' : 'keep'} every product; name what it matches` });
    }
    if (r.activeFrom && r.activeUntil && r.activeFrom >= r.activeUntil) ctx.addIssue({ code: 'custom', path: ['activeFrom'], message: 'must be before activeUntil' });
  });
export type RuleInput = z.infer<typeof RuleInputSchema>;
/** A stored rule. */
export type Rule = RuleInput & { id: string };
export const RuleIdSchema = RecordIdSchema.describe('A rule id');

/** Re-ranking for variety; both parts optional. */
export const DiversitySchema = z
  .object({
    maxPerCategory: z.number().int().min(1).max(100).optional().describe("At most this many products of one category (a product's first category)"),
    mmr: z.number().min(0).max(1).optional().describe('Maximal marginal relevance: 0 keeps the ranking, 1 favours variety most'),
  })
  .strict();
export type Diversity = z.infer<typeof DiversitySchema>;

/** How a placement fills its list before rules and diversity. */
export const STRATEGIES = ['personal', 'product', 'similar', 'bought-together', 'cart', 'buy-again', 'trending', 'new-arrivals', 'popular'] as const;
export const StrategySchema = z.enum(STRATEGIES);
export type Strategy = z.infer<typeof StrategySchema>;

/**
 * A placement's settings (GET/PUT /api/admin/placements/:name). `rules` absent: every enabled rule
 * for this placement or for all placements; a list: only those rule ids.
 */
export const PlacementConfigSchema = z
  .object({
    strategy: StrategySchema,
    k: z.number().int().min(1).max(100).default(10),
    rules: z.array(RuleIdSchema).max(100).optional(),
    diversity: DiversitySchema.optional(),
    description: z.string().max(500).optional(),
  })
  .strict();
export type PlacementConfig = z.infer<typeof PlacementConfigSchema>;
export type Placement = PlacementConfig & { name: string; builtIn: boolean };

/** What an arm changes of the placement it serves; absent fields keep the placement's. */
export const ArmConfigSchema = z
  .object({
    modelVersion: z.string().min(1).max(128).optional(),
    strategy: StrategySchema.optional(),
    rules: z.array(RuleIdSchema).max(100).optional(),
    diversity: DiversitySchema.optional(),
  })
  .strict();
export type ArmConfig = z.infer<typeof ArmConfigSchema>;

export const ArmSchema = z
  .object({
    name: z.string().trim().min(1).max(64),
    weight: z.number().gt(0).max(1_000_000),
    config: ArmConfigSchema.default({}),
  })
  .strict();
export type Arm = z.infer<typeof ArmSchema>;

export const EXPERIMENT_STATES = ['draft', 'running', 'stopped'] as const;
/** The relative CTR change an experiment plans to detect when it names none. */
export const DEFAULT_MINIMUM_DETECTABLE_LIFT = 0.1;
export const ExperimentInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    placement: PlacementNameSchema.optional().describe('Absent: every placement and recommendation route'),
    state: z.enum(EXPERIMENT_STATES).default('draft'),
    arms: z.array(ArmSchema).min(2).max(10),
    /** The arm others are compared with; default the first. */
    control: z.string().optional(),
    /** Purchases this long after a click on the same product count for its arm. Default 7 days. */
    purchaseWindowHours: z.number().min(0).max(24 * 90).default(24 * 7),
    /**
     * The smallest relative CTR change worth detecting (0.1: 5% → 5.5%): the report plans its
     * sample for it. Absent: DEFAULT_MINIMUM_DETECTABLE_LIFT (optional, not defaulted, so bodies
     * stored before it existed read back unchanged).
     */
    minimumDetectableLift: z
      .number()
      .gt(0)
      .max(10)
      .optional()
      .describe("The smallest relative CTR change the report plans to detect, e.g. 0.1 for +10% (default 0.1); planned exposures follow from it and the control's CTR"),
  })
  .strict()
  .superRefine((e, ctx) => {
    const names = e.arms.map((a) => a.name);
    if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', path: ['arms'], message: 'arm names must differ' });
    if (e.control !== undefined && !names.includes(e.control)) ctx.addIssue({ code: 'custom', path: ['control'], message: 'must name one of the arms' });
  });
export type ExperimentInput = z.infer<typeof ExperimentInputSchema>;
export type Experiment = ExperimentInput & { id: string };

/** Per-request filters every recommendation answer takes (tools, HTTP, MCP, the agent). */
export const RecommendationFiltersSchema = z.object({
  excludeProductIds: z.array(ProductIdSchema).max(500).optional().describe('Product ids never to return'),
  category: CategoryFilterSchema.optional(),
  tag: TagFilterSchema.optional(),
  minPrice: Price.optional().describe("Lowest unit price, in the shop's currency"),
  maxPrice: Price.optional().describe("Highest unit price, in the shop's currency"),
  includeUnavailable: z.boolean().optional().describe('Also list recommendable products that are out of stock (default: only available ones)'),
});
export type RecommendationFilters = z.infer<typeof RecommendationFiltersSchema>;
