import { z } from 'zod';
import { CustomerIdSchema, defineTool, OrderSchema } from '@reco/base-tools';
import type { CustomerProfileService } from '../profile/customer-profile-service';
import { assertCanRead, foundOrThrow } from './customer-access';

const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** A calendar date or date-time; shop times are stored as UTC, so a bare date means 00:00 that day. */
const SinceSchema = z
  .string()
  .trim()
  .refine((text) => DATE.test(text) && !Number.isNaN(Date.parse(/T/.test(text) && !/(Z|[+-]\d{2}:\d{2})$/.test(text) ? `${text}Z` : text)), {
    message: 'must be an ISO date such as 2011-06-01 or 2011-06-01T09:00:00Z',
  })
  .transform((text) => new Date(/T/.test(text) && !/(Z|[+-]\d{2}:\d{2})$/.test(text) ? `${text}Z` : text))
  .describe('Only orders on or after this date (ISO 8601, e.g. 2011-06-01)');

export const GetPurchaseHistoryInput = z.object({
  userId: CustomerIdSchema,
  limit: z.number().int().min(1).max(100).default(20).describe('Most recent orders to return, 1-100'),
  since: SinceSchema.optional(),
});

export function getPurchaseHistoryTool(profiles: CustomerProfileService) {
  return defineTool({
    name: 'get_purchase_history',
    title: 'Customer purchase history',
    description: "A customer's orders, newest first, with their lines; cancellations (returns) included and flagged.",
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    input: GetPurchaseHistoryInput,
    output: z.object({ customerId: z.string(), orders: z.array(OrderSchema) }),
    execute: async ({ userId, limit, since }, ctx) => {
      assertCanRead(ctx, userId);
      const orders = foundOrThrow(await profiles.history(userId, { limit, since }), userId);
      return { customerId: userId, orders };
    },
  });
}
