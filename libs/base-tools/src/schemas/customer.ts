import { z } from 'zod';

/** The shop's customer id as text, e.g. `17850`. */
export const CustomerIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, _ or -, at most 32')
  .describe('Customer id, e.g. 17850');

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
});
export type CustomerSegment = z.infer<typeof CustomerSegmentSchema>;
