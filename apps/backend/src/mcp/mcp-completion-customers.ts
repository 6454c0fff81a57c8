import { ProtocolError, ProtocolErrorCode, type CompleteResult } from '@modelcontextprotocol/server';
import type { CustomerProfileService } from '@reco/user-tools';
import { withDeadline } from '../http/with-deadline';
import type { McpRequestScope } from './mcp-request-scope';

/** The part of the customer service customer-id completion reads. */
export type CustomerListing = Pick<CustomerProfileService, 'listCustomers'>;

/** A completion is asked for while typing: a slow database gets a clear error, not a hung request. */
export const CUSTOMER_LISTING_TIMEOUT_MS = 3_000;

type Completion = CompleteResult['completion'];

/**
 * Customer ids starting with `prefix` (as stored: ids keep their letter case): staff over the
 * customer list, a customer token only its own id, anyone else nothing, so completion never
 * tells a caller of customers it may not read.
 */
export async function completeCustomerIds(
  scope: McpRequestScope,
  customers: () => Promise<CustomerListing | undefined>,
  prefix: string,
  maxValues: number,
): Promise<Completion> {
  const { caller } = scope;
  if (caller.kind === 'customer') {
    const own = caller.customerId.startsWith(prefix) ? [caller.customerId] : [];
    return { values: own, total: own.length, hasMore: false };
  }
  if (caller.kind !== 'service' && caller.kind !== 'admin') return { values: [], total: 0, hasMore: false };
  const listing = await customers();
  if (!listing) return { values: [], total: 0, hasMore: false };
  let page: Awaited<ReturnType<CustomerListing['listCustomers']>>;
  try {
    const listed = listing.listCustomers({ limit: maxValues + 1, ...(prefix ? { idPrefix: prefix } : {}) });
    page = await withDeadline(listed, CUSTOMER_LISTING_TIMEOUT_MS, `no answer within ${CUSTOMER_LISTING_TIMEOUT_MS} ms`);
  } catch (err) {
    scope.callContext.logger?.warn({ err }, 'MCP completion could not list customer ids');
    throw new ProtocolError(ProtocolErrorCode.InternalError, 'Customer ids could not be listed just now; try again');
  }
  // The listing holds only ids with the prefix; one more than asked means more: how many in all is not known.
  const values = page.items.slice(0, maxValues).map((c) => c.customerId);
  const hasMore = page.items.length > maxValues;
  return hasMore ? { values, hasMore } : { values, total: values.length, hasMore };
}
