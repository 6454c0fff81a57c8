import { canReadCustomer, ToolError, type ToolContext } from '@reco/base-tools';

/**
 * Checked before the customer is looked up, so a customer token cannot learn from the answer
 * whether another id exists.
 */
export function assertCanRead(ctx: ToolContext, customerId: string): void {
  if (!canReadCustomer(ctx.caller, customerId)) {
    throw ToolError.forbidden(`The caller may not read the data of customer ${JSON.stringify(customerId)}`);
  }
}

/** The value, or a NOT_FOUND error naming the customer. */
export function foundOrThrow<T>(value: T | null | undefined, customerId: string): T {
  if (value === null || value === undefined) throw ToolError.notFound('Customer', customerId);
  return value;
}
