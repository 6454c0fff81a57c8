import { z } from 'zod';
import { MERCHANDISING_KINDS, RecordIdSchema } from '@reco/data';
import {
  ExperimentInputSchema,
  PlacementConfigSchema,
  PlacementNameSchema,
  RuleIdSchema,
  RuleInputSchema,
} from '@reco/recommendation-tools';
import { defineRoute } from '../http/route-contract';
import { queryInt } from './query-params';

// The merchandising admin API (issue 18): rules, placements and experiments, stored in the
// database and audited. Staff keys (service or admin); the key's name is recorded as who.

/** Who made and last changed a stored object, and when (ISO instants). */
const Stored = {
  createdAt: z.string(),
  createdBy: z.string().describe("The API key's name"),
  updatedAt: z.string(),
  updatedBy: z.string(),
};

// Refined objects are extended with safeExtend, which keeps their checks.
export const StoredRuleSchema = RuleInputSchema.safeExtend({ id: RuleIdSchema, ...Stored });
export const StoredExperimentSchema = ExperimentInputSchema.safeExtend({ id: RecordIdSchema, ...Stored });
/** A built-in placement never written has no stored fields. */
export const PlacementViewSchema = PlacementConfigSchema.extend({
  name: PlacementNameSchema,
  builtIn: z.boolean(),
  ...z.object(Stored).partial().shape,
});

const Items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const RuleId = z.object({ id: RuleIdSchema });
const ExperimentId = z.object({ id: RecordIdSchema.describe('An experiment id') });
const PlacementName = z.object({ name: PlacementNameSchema });

// Writes: 400 (a field and its reason), 404 (no such id), 409 (id taken; the set-up of an experiment that has
// left draft; a rule a running experiment's arm names), 503 (database down).
const WRITE_ERRORS = [404, 409, 503];

export const adminListRules = defineRoute({
  method: 'get',
  path: '/api/admin/rules',
  summary: 'Merchandising rules (exclude, include-only, boost, bury, pin), in creation order',
  tag: 'merchandising',
  access: 'staff',
  response: Items(StoredRuleSchema),
  errors: [503],
});

export const adminCreateRule = defineRoute({
  method: 'post',
  path: '/api/admin/rules',
  summary: 'Create a rule; the server gives its id. Effective on every instance within a second',
  tag: 'merchandising',
  access: 'staff',
  okStatus: 201,
  body: RuleInputSchema,
  response: StoredRuleSchema,
  errors: [409, 503],
});

export const adminGetRule = defineRoute({
  method: 'get',
  path: '/api/admin/rules/:id',
  summary: 'One rule',
  tag: 'merchandising',
  access: 'staff',
  params: RuleId,
  response: StoredRuleSchema,
  errors: [404, 503],
});

export const adminReplaceRule = defineRoute({
  method: 'put',
  path: '/api/admin/rules/:id',
  summary: "Replace a rule (the whole rule, as on create); 409 while a running experiment's arm names it",
  tag: 'merchandising',
  access: 'staff',
  params: RuleId,
  body: RuleInputSchema,
  response: StoredRuleSchema,
  errors: WRITE_ERRORS,
});

export const adminDeleteRule = defineRoute({
  method: 'delete',
  path: '/api/admin/rules/:id',
  summary: "Delete a rule (204); 409 while a running experiment's arm names it",
  tag: 'merchandising',
  access: 'staff',
  okStatus: 204,
  params: RuleId,
  errors: [404, 409, 503],
});

export const adminListPlacements = defineRoute({
  method: 'get',
  path: '/api/admin/placements',
  summary: 'Placements: the built-in ones (home, product, cart, buy-again, trending, new-arrivals) and the shop\'s own, with their settings',
  tag: 'merchandising',
  access: 'staff',
  response: Items(PlacementViewSchema),
  errors: [503],
});

export const adminGetPlacement = defineRoute({
  method: 'get',
  path: '/api/admin/placements/:name',
  summary: "A placement's settings: strategy, k, rules, diversity",
  tag: 'merchandising',
  access: 'staff',
  params: PlacementName,
  response: PlacementViewSchema,
  errors: [404, 503],
});

export const adminPutPlacement = defineRoute({
  method: 'put',
  path: '/api/admin/placements/:name',
  summary: "Set a placement's settings; a new name creates a placement of the shop's own (201)",
  tag: 'merchandising',
  access: 'staff',
  params: PlacementName,
  body: PlacementConfigSchema,
  response: PlacementViewSchema,
  errors: [503],
});

export const adminListExperiments = defineRoute({
  method: 'get',
  path: '/api/admin/experiments',
  summary: 'A/B experiments, in creation order',
  tag: 'merchandising',
  access: 'staff',
  response: Items(StoredExperimentSchema),
  errors: [503],
});

export const adminCreateExperiment = defineRoute({
  method: 'post',
  path: '/api/admin/experiments',
  summary: 'Create an experiment: a placement (or all), arms with weights and configurations, a state (draft, running, stopped)',
  tag: 'merchandising',
  access: 'staff',
  okStatus: 201,
  body: ExperimentInputSchema,
  response: StoredExperimentSchema,
  errors: [409, 503],
});

export const adminGetExperiment = defineRoute({
  method: 'get',
  path: '/api/admin/experiments/:id',
  summary: 'One experiment',
  tag: 'merchandising',
  access: 'staff',
  params: ExperimentId,
  response: StoredExperimentSchema,
  errors: [404, 503],
});

export const adminReplaceExperiment = defineRoute({
  method: 'put',
  path: '/api/admin/experiments/:id',
  summary: 'Replace an experiment; once it has left draft only its name and state change, never back to draft (409: create a new experiment)',
  tag: 'merchandising',
  access: 'staff',
  params: ExperimentId,
  body: ExperimentInputSchema,
  response: StoredExperimentSchema,
  errors: WRITE_ERRORS,
});

export const adminDeleteExperiment = defineRoute({
  method: 'delete',
  path: '/api/admin/experiments/:id',
  summary: 'Delete an experiment (204); its logged exposures stay',
  tag: 'merchandising',
  access: 'staff',
  okStatus: 204,
  params: ExperimentId,
  errors: [404, 503],
});

const EstimateSchema = z.object({ value: z.number(), low: z.number(), high: z.number() }).describe('A value with its 95% interval');

export const ExperimentReportSchema = z.object({
  experiment: z.object({ id: z.string(), name: z.string(), placement: z.string().nullable(), state: z.string(), control: z.string() }),
  arms: z.array(
    z.object({
      name: z.string(),
      exposures: z.number().int().describe('Lists shown'),
      shoppers: z.number().int().describe('Distinct shoppers (customer, else session) shown a list'),
      clicks: z.number().int().describe("Click events on the arm's lists"),
      clickedLists: z.number().int().describe("Lists with at least one click: the CTR's numerator"),
      ctr: EstimateSchema.describe('Lists with a click over lists shown (Wilson interval)'),
      carts: z.number().int().describe("Cart events on the arm's lists"),
      cartedLists: z.number().int().describe('Lists with at least one cart'),
      cartRate: EstimateSchema.describe('Lists with a cart over lists shown (Wilson interval)'),
      purchases: z.number().int().describe('Attributed purchases (directly, or within the window after a click on the product)'),
      purchasedLists: z.number().int().describe('Lists with at least one attributed purchase'),
      purchaseRate: EstimateSchema.describe('Lists with an attributed purchase over lists shown (Wilson interval)'),
      revenue: z.number(),
      revenuePerShopper: EstimateSchema.describe('Attributed revenue over exposed shoppers'),
      vsControl: z
        .object({ lift: z.number().nullable().describe("CTR over the control's − 1; null while the control has no click"), pValue: z.number() })
        .optional()
        .describe('Against the control (absent on it): relative CTR lift and the two-sided p-value of the two-proportion z-test'),
    }),
  ),
  enoughData: z
    .boolean()
    .describe('Whether every arm has the planned exposures and at least minimumClickedListsPerArm clicked lists'),
  plannedExposuresPerArm: z
    .number()
    .nullable()
    .describe("Exposures per arm a test at 95% confidence and 90% power needs to detect a CTR change of minimumDetectableLift from the control's observed CTR; null while the control has no clicked list"),
  minimumDetectableLift: z.number().describe("The relative CTR change planned for: the experiment's, else 0.1"),
  minimumClickedListsPerArm: z.number().int().describe('Clicked lists every arm needs besides the planned exposures (the plan rests on observed rates)'),
  generatedAt: z.string(),
});

export const adminExperimentReport = defineRoute({
  method: 'get',
  path: '/api/admin/experiments/:id/report',
  summary: 'Per arm: exposures, shoppers, clicks, CTR, carts and cart rate, purchases and purchase rate, revenue per shopper (95% intervals), lift and p-value against the control',
  tag: 'merchandising',
  access: 'staff',
  params: ExperimentId,
  response: ExperimentReportSchema,
  errors: [404, 503],
});

export const MerchandisingChangeSchema = z.object({
  seq: z.number().int().describe('Increasing over all changes: the revision after this one'),
  kind: z.enum(MERCHANDISING_KINDS),
  objectId: z.string(),
  action: z.enum(['create', 'update', 'delete']),
  actor: z.string().describe("Who: the API key's name"),
  at: z.string(),
  body: z.unknown().describe('The object after the change; null for a delete'),
});

export const adminMerchandisingChanges = defineRoute({
  method: 'get',
  path: '/api/admin/merchandising/changes',
  summary: 'The audit: who changed which rule, placement or experiment, when, and to what; newest first',
  tag: 'merchandising',
  access: 'staff',
  query: z.object({
    kind: z.enum(MERCHANDISING_KINDS).optional(),
    objectId: RecordIdSchema.optional(),
    limit: queryInt(1, 1_000).default(100),
  }),
  response: Items(MerchandisingChangeSchema),
  errors: [503],
});

export const MERCHANDISING_CONTRACTS = [
  adminListRules,
  adminCreateRule,
  adminGetRule,
  adminReplaceRule,
  adminDeleteRule,
  adminListPlacements,
  adminGetPlacement,
  adminPutPlacement,
  adminListExperiments,
  adminCreateExperiment,
  adminGetExperiment,
  adminReplaceExperiment,
  adminDeleteExperiment,
  adminExperimentReport,
  adminMerchandisingChanges,
];
