import type { Request } from 'express';
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
import type { ApiRoutes } from '../http/api-routes';
import { HttpError } from '../http/http-error';
import { invokeTool } from '../http/invoke-tool';
import { mountTool } from '../http/mount-tool';
import { mount } from '../http/typed-handler';
import type { AppServices } from '../services/app-services';

export interface UsersRouteDeps {
  registry: ToolRegistry;
  services: AppServices;
  customerTokens?: CustomerTokens;
}

// A customer token reaches only its own id: refused here before any work, and again by the tools.
const ownCustomer = { authorize: ({ userId }: { userId: string }, req: Request) => assertCanReadCustomer(req, userId) };

/** Customer routes. */
export function usersRoutes(router: ApiRoutes, { registry, services, customerTokens }: UsersRouteDeps): void {

  mount(
    router,
    listUsers,
    async ({ query }) => {
      const profiles = await services.customerProfiles();
      if (!profiles) throw HttpError.unavailable('Customer profiles are not available on this server');
      return profiles.listCustomers(query);
    },
    requireStaff,
  );

  mountTool(router, registry, userRecommendations, ownCustomer);
  mountTool(router, registry, userProfile, ownCustomer);
  mountTool(router, registry, userSegment, ownCustomer);
  mountTool(router, registry, userPurchases, ownCustomer);
  mountTool(router, registry, segments, { before: [requireStaff] });

  mount(
    router,
    issueCustomerToken,
    async ({ body, req }) => {
      if (!customerTokens) throw HttpError.unavailable('Customer tokens are not enabled: set CUSTOMER_TOKEN_SECRET');
      // A token only for a customer the shop has: the profile tool answers 404 for any other id.
      await invokeTool(registry, req, userProfile.tool, userProfile.toolInput.parse({ userId: body.customerId }));
      const { token, expiresAt } = await customerTokens.issue(body.customerId);
      return { token, tokenType: 'Bearer' as const, customerId: body.customerId, expiresAt };
    },
    requireStaff,
  );
}
