import { z } from 'zod';
import { CustomerIdSchema, CustomerSegmentSchema, defineTool, ToolError } from '@reco/base-tools';
import type { CustomerProfileService } from '../profile/customer-profile-service';
import type { SegmentationService } from '../segments/segmentation-service';
import { assertCanRead, foundOrThrow } from './customer-access';

export const GetUserSegmentInput = z.object({ userId: CustomerIdSchema });

export function getUserSegmentTool(profiles: CustomerProfileService, segmentation: SegmentationService) {
  return defineTool({
    name: 'get_user_segment',
    title: 'Customer segment',
    description:
      "A customer's RFM segment (champions, loyal, at risk, lost, ...) with recency, frequency and monetary scores 1-5, and their behavioural cluster.",
    // A read: a segmentation run it may set off derives stored figures from the orders; it changes none.
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    input: GetUserSegmentInput,
    output: CustomerSegmentSchema,
    // Only the very first call may wait for a segmentation run; every other is a cache read.
    timeoutMs: 30_000,
    execute: async ({ userId }, ctx) => {
      assertCanRead(ctx, userId);
      foundOrThrow(await profiles.customer(userId), userId);
      const stored = await segmentation.store.customerSegment(userId);
      if (stored) return stored;
      // Segments are of buyers: a customer who only browsed has none, and must not set off a run.
      const [latest] = (await profiles.history(userId, { limit: 1 })) ?? [];
      if (!latest) throw new ToolError('NOT_FOUND', `Customer ${JSON.stringify(userId)} has no purchases yet, so no segment`, { id: userId });
      // Nothing stored yet, or the customer bought after the stored run: compute once (shared).
      await segmentation.ensureCurrent(new Date(latest.time));
      const computed = await segmentation.store.customerSegment(userId);
      if (!computed) throw new ToolError('UNAVAILABLE', `Customer ${JSON.stringify(userId)} has not been segmented yet`);
      return computed;
    },
  });
}
