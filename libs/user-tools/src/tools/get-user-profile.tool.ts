import { z } from 'zod';
import { CustomerIdSchema, CustomerProfileSchema, defineTool } from '@reco/base-tools';
import type { CustomerProfileService } from '../profile/customer-profile-service';
import { assertCanRead, foundOrThrow } from './customer-access';

export const GetUserProfileInput = z.object({ userId: CustomerIdSchema });

export function getUserProfileTool(profiles: CustomerProfileService) {
  return defineTool({
    name: 'get_user_profile',
    title: 'Customer profile',
    description:
      "A customer's purchase profile: orders, total (net) spend, average basket, first and last purchase, favourite products, countries and returns.",
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    input: GetUserProfileInput,
    output: CustomerProfileSchema,
    execute: async ({ userId }, ctx) => {
      assertCanRead(ctx, userId);
      return foundOrThrow(await profiles.profile(userId), userId);
    },
  });
}
