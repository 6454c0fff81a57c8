import type { SqlDialect } from '../database/sql-dialect';

/**
 * What a purchase event was bought together with: its session's basket, else its customer's
 * basket of that (UTC) day. An order line's basket is its invoice. The SQL below is the same rule.
 */
export function purchaseBasketKey(event: { customerId: string | null; sessionId: string | null; occurredAt: Date }): string {
  if (event.sessionId !== null) return `session:${event.sessionId}`;
  return `day:${event.customerId ?? ''}:${event.occurredAt.toISOString().slice(0, 10)}`;
}

/** purchaseBasketKey in SQL, over the events table aliased `alias`. */
export function basketKeySql(dialect: SqlDialect, alias: string): string {
  return `CASE WHEN ${alias}.session_id IS NOT NULL THEN 'session:' || ${alias}.session_id
    ELSE 'day:' || COALESCE(${alias}.customer_id, '') || ':' || ${dialect.day(`${alias}.occurred_at`)} END`;
}
