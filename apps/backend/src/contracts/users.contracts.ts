import { z } from 'zod';
import { CustomerIdSchema, CustomerSchema } from '@reco/base-tools';
import { GetRecommendationsInput } from '@reco/recommendation-tools';
import { GetPurchaseHistoryInput, GetSegmentSummaryInput, GetUserProfileInput, GetUserSegmentInput } from '@reco/user-tools';
import { defineRoute } from '../http/route-contract';
import { defineToolRoute } from '../http/tool-route';
import { queryInt } from './query-params';

export const listUsers = defineRoute({
  method: 'get',
  path: '/api/users',
  summary: 'Customers, a page at a time (service or admin key)',
  tag: 'users',
  access: 'authenticated',
  query: z.object({ limit: queryInt(1, 500).default(50), afterId: CustomerIdSchema.optional(), country: z.string().trim().min(2).max(64).optional() }),
  response: z.object({ items: z.array(CustomerSchema), nextAfterId: CustomerIdSchema.nullable() }),
  errors: [403],
});

export const userRecommendations = defineToolRoute({
  method: 'get',
  cacheable: true,
  path: '/api/users/:id/recommendations',
  summary: "A customer's recommendations, each with its reason; filters: excludeProductIds (comma-separated), category, tag, minPrice, maxPrice, includeUnavailable",
  tag: 'users',
  access: 'authenticated',
  tool: 'get_recommendations',
  input: GetRecommendationsInput,
  pathFields: { id: 'userId' },
  errors: [403, 404],
});

export const userProfile = defineToolRoute({
  method: 'get',
  path: '/api/users/:id/profile',
  summary: "A customer's profile",
  tag: 'users',
  access: 'authenticated',
  tool: 'get_user_profile',
  input: GetUserProfileInput,
  pathFields: { id: 'userId' },
  errors: [403, 404],
});

export const userSegment = defineToolRoute({
  method: 'get',
  path: '/api/users/:id/segment',
  summary: "A customer's RFM segment and cluster",
  tag: 'users',
  access: 'authenticated',
  tool: 'get_user_segment',
  input: GetUserSegmentInput,
  pathFields: { id: 'userId' },
  errors: [403, 404],
});

export const userPurchases = defineToolRoute({
  method: 'get',
  path: '/api/users/:id/purchases',
  summary: "A customer's purchase history, newest first",
  tag: 'users',
  access: 'authenticated',
  tool: 'get_purchase_history',
  input: GetPurchaseHistoryInput,
  pathFields: { id: 'userId' },
  errors: [403, 404],
});

export const segments = defineToolRoute({
  method: 'get',
  path: '/api/segments',
  summary: 'Segment sizes and summaries (service or admin key)',
  tag: 'users',
  access: 'authenticated',
  tool: 'get_segment_summary',
  input: GetSegmentSummaryInput,
  errors: [403],
});

export const issueCustomerToken = defineRoute({
  method: 'post',
  path: '/api/auth/customer-token',
  summary: "A signed token that reaches only this customer's data (service or admin key)",
  tag: 'auth',
  access: 'authenticated',
  body: z.object({ customerId: CustomerIdSchema }),
  response: z.object({ token: z.string(), tokenType: z.literal('Bearer'), customerId: CustomerIdSchema, expiresAt: z.string() }),
  errors: [403, 503],
});

export const USER_CONTRACTS = [listUsers, userRecommendations, userProfile, userSegment, userPurchases, segments, issueCustomerToken];
