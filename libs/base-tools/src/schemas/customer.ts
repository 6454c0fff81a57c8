import { z } from 'zod';
import { shopIdSchema } from './shop-id';

/**
 * The shop's customer id: 1-128 printable characters (not only spaces), kept exactly as given
 * (no trim, no case change), e.g. `17850`, `C-000042`, `jane@example.com`: the open model takes
 * any id a shop uses, and a customer it stored must be reachable by the same id.
 */
export const CustomerIdSchema = shopIdSchema().describe("The shop's customer id, kept exactly as given, e.g. 17850");

const IsoDateTime = z.string().describe('ISO 8601 date-time');

export const CustomerSchema = z.object({
  customerId: CustomerIdSchema,
  country: z.string().nullable(),
  firstSeen: IsoDateTime.nullable(),
  lastSeen: IsoDateTime.nullable(),
});
export type Customer = z.infer<typeof CustomerSchema>;

export const OrderLineSchema = z.object({
  productId: z.string(),
  description: z.string(),
  quantity: z.number().int(),
  unitPrice: z.number(),
  /** False for what the shop never recommends (postage, fees, hidden products): an answer should not list it as a purchase. Absent: unknown to the catalogue. */
  recommendable: z.boolean().optional(),
});
export type OrderLine = z.infer<typeof OrderLineSchema>;

export const OrderSchema = z.object({
  invoiceNo: z.string(),
  time: IsoDateTime,
  country: z.string().nullable(),
  cancelled: z.boolean(),
  lines: z.array(OrderLineSchema),
  total: z.number(),
});
export type Order = z.infer<typeof OrderSchema>;

/** RFM segment names; thresholds are documented where segments are computed (user-tools). */
export const SEGMENT_NAMES = [
  'champions',
  'loyal',
  'potential_loyalists',
  'new_customers',
  'promising',
  'need_attention',
  'at_risk',
  'cannot_lose',
  'hibernating',
  'lost',
] as const;
export const SegmentNameSchema = z.enum(SEGMENT_NAMES);
export type SegmentName = z.infer<typeof SegmentNameSchema>;

export const CustomerSegmentSchema = z.object({
  customerId: CustomerIdSchema,
  segment: SegmentNameSchema,
  rfm: z.object({
    recencyDays: z.number(),
    frequency: z.number().int(),
    monetary: z.number(),
    /** Quintile scores 1-5, 5 best. */
    r: z.number().int().min(1).max(5),
    f: z.number().int().min(1).max(5),
    m: z.number().int().min(1).max(5),
  }),
  cluster: z.object({ id: z.number().int(), label: z.string() }).nullable(),
  computedAt: IsoDateTime,
  /** The date recency is measured from: the latest invoice in the data when segments were computed. */
  referenceDate: IsoDateTime.optional(),
  /** What the segment means, in a sentence a shopper or an analyst can read. */
  description: z.string().optional(),
});
export type CustomerSegment = z.infer<typeof CustomerSegmentSchema>;

export const FavouriteProductSchema = z.object({
  productId: z.string(),
  description: z.string(),
  /** Units bought. */
  units: z.number().int(),
  /** Orders containing the product. */
  orders: z.number().int(),
});
export type FavouriteProduct = z.infer<typeof FavouriteProductSchema>;

/** A customer's purchase profile, computed from their orders. Money in GBP. */
export const CustomerProfileSchema = z.object({
  customer: CustomerSchema,
  /** Purchase orders: non-cancelled invoices with at least one purchased line. */
  orders: z.number().int(),
  /** Net spend: purchases minus returns. */
  totalSpend: z.number(),
  /** Purchases only, before returns. */
  grossSpend: z.number(),
  /** Gross spend per purchase order. */
  averageBasket: z.number(),
  firstPurchase: IsoDateTime.nullable(),
  lastPurchase: IsoDateTime.nullable(),
  /** Up to five products bought in the most orders (then most units). */
  favouriteProducts: z.array(FavouriteProductSchema),
  /** Countries the customer ordered from, most orders first. */
  countries: z.array(z.object({ country: z.string(), orders: z.number().int() })),
  returns: z.object({
    /** Cancellation invoices. */
    orders: z.number().int(),
    lines: z.number().int(),
    units: z.number().int(),
    /** Value of returned lines (positive). */
    value: z.number(),
  }),
});
export type CustomerProfile = z.infer<typeof CustomerProfileSchema>;

const SegmentFiguresSchema = z.object({
  customers: z.number().int(),
  /** Share of all segmented customers, 0..1. */
  share: z.number(),
  /** Net spend of the group's customers. */
  revenue: z.number(),
  /** Share of the net spend of all customers, 0..1. */
  revenueShare: z.number(),
  /** Median over the group's customers of their average purchase order value; 0 when none bought. */
  typicalBasket: z.number(),
});

/** Every RFM segment and behavioural cluster with its size, revenue share and typical basket. */
export const SegmentSummarySchema = z.object({
  computedAt: IsoDateTime,
  referenceDate: IsoDateTime,
  customers: z.number().int(),
  segments: z.array(SegmentFiguresSchema.extend({ segment: SegmentNameSchema, description: z.string() })),
  clusters: z.array(
    SegmentFiguresSchema.extend({
      id: z.number().int(),
      label: z.string(),
      /** Means of the cluster's customers: what its label summarises. */
      averages: z.object({ monetary: z.number(), frequency: z.number(), recencyDays: z.number(), basket: z.number(), distinctProducts: z.number(), returnRate: z.number() }),
    }),
  ),
});
export type SegmentSummary = z.infer<typeof SegmentSummarySchema>;
