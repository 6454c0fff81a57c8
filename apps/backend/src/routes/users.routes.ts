import type { ApiRoutes } from '../http/api-routes';
import type { ToolRegistry } from '@reco/base-tools';
import { assertCanReadCustomer, requireStaff } from '../auth/authenticate';
import type { CustomerTokens } from '../auth/customer-token';
import {
  issueCustomerToken,
  listUsers,
  segments,
  userProfile,
  userPurchases,
  userRecommendations,
  userSegment,
} from '../contracts/users.contracts';
import { HttpError } from '../http/http-error';
import { invokeTool } from '../http/invoke-tool';
import { mount } from '../http/typed-handler';
import type { AppServices } from '../services/app-services';

export interface UsersRouteDeps {
  registry: ToolRegistry;
  services: AppServices;
  customerTokens?: CustomerTokens;
}

/** Customer routes. A customer token reaches only its own id: checked here before any work, and again by the tools. */
export function usersRoutes(router: ApiRoutes, { registry, services, customerTokens }: UsersRouteDeps): void {

  mount(
    router,
    listUsers,
    async ({ query }) => {
      const db = await services.database();
      if (!db) throw HttpError.unavailable('The database is not available');
      const customers = await db.customers.list({ limit: query.limit, afterId: query.afterId, country: query.country });
      const items = customers.map((c) => ({
        customerId: c.id,
        country: c.country,
        firstSeen: c.firstSeenAt.toISOString(),
        lastSeen: c.lastSeenAt.toISOString(),
      }));
      return { items, nextAfterId: items.length === query.limit ? (items.at(-1)?.customerId ?? null) : null };
    },
    requireStaff,
  );

  mount(router, userRecommendations, ({ params, query, req }) => {
    assertCanReadCustomer(req, params.id);
    return invokeTool(registry, req, 'get_recommendations', { userId: params.id, ...query });
  });
  mount(router, userProfile, ({ params, req }) => {
    assertCanReadCustomer(req, params.id);
    return invokeTool(registry, req, 'get_user_profile', { userId: params.id });
  });
  mount(router, userSegment, ({ params, req }) => {
    assertCanReadCustomer(req, params.id);
    return invokeTool(registry, req, 'get_user_segment', { userId: params.id });
  });
  mount(router, userPurchases, ({ params, query, req }) => {
    assertCanReadCustomer(req, params.id);
    return invokeTool(registry, req, 'get_purchase_history', { userId: params.id, ...query });
  });
  mount(router, segments, ({ req }) => invokeTool(registry, req, 'get_segment_summary', {}), requireStaff);

  mount(
    router,
    issueCustomerToken,
    async ({ body }) => {
      if (!customerTokens) throw HttpError.unavailable('Customer tokens are not enabled: set CUSTOMER_TOKEN_SECRET');
      const { token, expiresAt } = await customerTokens.issue(body.customerId);
      return { token, tokenType: 'Bearer' as const, customerId: body.customerId, expiresAt };
    },
    requireStaff,
  );
}
