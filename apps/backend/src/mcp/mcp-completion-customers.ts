import { ProtocolError, ProtocolErrorCode, type CompleteResult } from '@modelcontextprotocol/server';
import type { CustomerProfileService } from '@reco/user-tools';
import { withDeadline } from '../http/with-deadline';
import type { McpRequestScope } from './mcp-request-scope';

/** The part of the customer service customer-id completion reads. */
export type CustomerListing = Pick<CustomerProfileService, 'listCustomers'>;

const MAX_VALUES = 100;
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
    const listed = listing.listCustomers({ limit: MAX_VALUES + 1, ...(prefix ? { idPrefix: prefix } : {}) });
    page = await withDeadline(listed, CUSTOMER_LISTING_TIMEOUT_MS, `no answer within ${CUSTOMER_LISTING_TIMEOUT_MS} ms`);
  } catch (err) {
    scope.callContext.logger?.warn({ err }, 'MCP completion could not list customer ids');
    throw new ProtocolError(ProtocolErrorCode.InternalError, 'Customer ids could not be listed just now; try again');
  }
  const matches = page.items.map((c) => c.customerId).filter((id) => id.startsWith(prefix));
  const values = matches.slice(0, MAX_VALUES);
  // A full page whose last id still matches may go on past it: how many in all is not known.
  const lastMatches = page.items.length > MAX_VALUES && page.items[page.items.length - 1]?.customerId.startsWith(prefix) === true;
  const hasMore = matches.length > MAX_VALUES || lastMatches;
  return hasMore ? { values, hasMore } : { values, total: values.length, hasMore };
}
