import type { RouteContract } from '../http/route-contract';
import { ADMIN_CONTRACTS } from './admin.contracts';
import { AGENT_CONTRACTS } from './agent.contracts';
import { CATALOG_CONTRACTS } from './catalog.contracts';
import { EVENT_CONTRACTS } from './events.contracts';
import { MERCHANDISING_CONTRACTS } from './merchandising.contracts';
import { PLACEMENT_CONTRACTS } from './placements.contracts';
import { PRODUCT_CONTRACTS } from './products.contracts';
import { SERVICE_CONTRACTS } from './service.contracts';
import { SESSION_CONTRACTS } from './sessions.contracts';
import { TOOL_CONTRACTS } from './tools.contracts';
import { USER_CONTRACTS } from './users.contracts';

/** Every /api route's contract: the routes parse with these, the OpenAPI document is generated from them. */
export const API_CONTRACTS: readonly RouteContract[] = [
  ...TOOL_CONTRACTS,
  ...PRODUCT_CONTRACTS,
  ...USER_CONTRACTS,
  ...SESSION_CONTRACTS,
  ...PLACEMENT_CONTRACTS,
  ...CATALOG_CONTRACTS,
  ...EVENT_CONTRACTS,
  ...AGENT_CONTRACTS,
  ...ADMIN_CONTRACTS,
  ...MERCHANDISING_CONTRACTS,
];

/** Every route the OpenAPI document describes: the API's, then the description, health, metrics and MCP. */
export const DOCUMENTED_CONTRACTS: readonly RouteContract[] = [...API_CONTRACTS, ...SERVICE_CONTRACTS];
