import { z } from 'zod';
import { CustomerIdSchema, CustomerSchema } from '@reco/base-tools';
import { defineRoute } from '../http/route-contract';
import { queryBoolean, queryInt, queryNumber, ToolData } from './query-params';

const UserParams = z.object({ id: CustomerIdSchema });

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

export const userRecommendations = defineRoute({
  method: 'get',
  cacheable: true,
  path: '/api/users/:id/recommendations',
  summary: "A customer's recommendations, each with its reason",
  tag: 'users',
  access: 'authenticated',
  tool: 'get_recommendations',
  params: UserParams,
  query: z
    .object({
      k: queryInt(1, 100).default(10),
      excludePurchased: queryBoolean().optional(),
      minPrice: queryNumber().optional(),
      maxPrice: queryNumber().optional(),
    })
    .refine((q) => q.minPrice === undefined || q.maxPrice === undefined || q.minPrice <= q.maxPrice, {
      message: 'must not be above maxPrice',
      path: ['minPrice'],
    }),
  response: ToolData,
  errors: [403, 404],
});

export const userProfile = defineRoute({
  method: 'get',
  path: '/api/users/:id/profile',
  summary: "A customer's profile",
  tag: 'users',
  access: 'authenticated',
  tool: 'get_user_profile',
  params: UserParams,
  response: ToolData,
  errors: [403, 404],
});

export const userSegment = defineRoute({
  method: 'get',
  path: '/api/users/:id/segment',
  summary: "A customer's RFM segment and cluster",
  tag: 'users',
  access: 'authenticated',
  tool: 'get_user_segment',
  params: UserParams,
  response: ToolData,
  errors: [403, 404],
});

export const userPurchases = defineRoute({
  method: 'get',
  path: '/api/users/:id/purchases',
  summary: "A customer's purchase history, newest first",
  tag: 'users',
  access: 'authenticated',
  tool: 'get_purchase_history',
  params: UserParams,
  query: z.object({ limit: queryInt(1, 500).optional(), since: z.iso.datetime({ offset: true }).optional() }),
  response: ToolData,
  errors: [403, 404],
});

export const segments = defineRoute({
  method: 'get',
  path: '/api/segments',
  summary: 'Segment sizes and summaries (service or admin key)',
  tag: 'users',
  access: 'authenticated',
  tool: 'get_segment_summary',
  response: ToolData,
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
