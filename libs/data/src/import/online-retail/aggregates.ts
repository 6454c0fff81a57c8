import type { DataClient } from '../../database/data-client';
import type { ImportConnection } from './import-connection';
import type { DatabaseCounts } from './import-summary';
import { isFeeDescription } from './merchandise';

// The lines of the products an attempt staged, with their orders' time and state: every product
// aggregate reads these, so they are joined once. Only products with order lines are the adapter's:
// a product the shop sends in the open format is never overwritten by order aggregates.
const LINES = 'publish_lines';

// Sales: positive quantity at a positive price on an invoice that is not a cancellation.
const SALES = `SELECT product_id, unit_price, invoiced_at, invoice_no, line_no FROM ${LINES} WHERE quantity > 0 AND unit_price > 0 AND NOT cancelled`;

/**
 * Recomputes the aggregates of the products and customers an import attempt staged, from every
 * stored line and order of theirs (the aggregates of the others cannot have changed: only imports
 * write orders and lines, and only by inserting). Set-based, in SQL both databases accept; the
 * result does not depend on which files were imported in which order. A product that changes
 * gets `updated_at` = `now`, so incremental readers see it. Runs inside the publish transaction,
 * after the staged rows went in, so readers see the new rows and their aggregates together.
 */
export async function recomputeAggregates(connection: ImportConnection, attemptId: number, now: Date): Promise<void> {
  // An integer of ours, written into the SQL: PostgreSQL takes no parameters in CREATE TABLE AS.
  if (!Number.isSafeInteger(attemptId)) throw new Error(`bad attempt id ${attemptId}`);
  await connection.run(`
    CREATE TEMP TABLE ${LINES} AS
    SELECT l.product_id, l.description, l.quantity, l.unit_price, o.invoiced_at, o.cancelled, l.invoice_no, l.line_no
    FROM order_lines l JOIN orders o ON o.invoice_no = l.invoice_no
    WHERE l.product_id IN (SELECT product_id FROM staged_products WHERE attempt_id = ${attemptId})`);
  // Every statement that binds `now` binds it as $1.
  const run = (sql: string) => connection.run(sql, [now]);
  // Most frequent description; ties go to the first alphabetically.
  await run(`
    UPDATE products SET title = d.description, updated_at = $1
    FROM (
      SELECT product_id, description,
             ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY COUNT(*) DESC, description) AS rn
      FROM ${LINES} WHERE description <> '' GROUP BY product_id, description
    ) d
    WHERE d.product_id = products.id AND d.rn = 1 AND products.title <> d.description`);
  await run(`
    UPDATE products SET price = s.unit_price, updated_at = $1
    FROM (
      SELECT product_id, unit_price,
             ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY invoiced_at DESC, invoice_no DESC, line_no DESC) AS rn
      FROM (${SALES}) sales
    ) s
    WHERE s.product_id = products.id AND s.rn = 1 AND products.price <> s.unit_price`);
  // Typical price: the most frequent one; ties go to the lower price.
  await run(`
    UPDATE products SET typical_price = t.unit_price, updated_at = $1
    FROM (
      SELECT product_id, unit_price,
             ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY COUNT(*) DESC, unit_price) AS rn
      FROM (${SALES}) sales GROUP BY product_id, unit_price
    ) t
    WHERE t.product_id = products.id AND t.rn = 1 AND products.typical_price IS DISTINCT FROM t.unit_price`);
  // Fee lines with a merchandise code (23444 Next Day Carriage) are never recommended. Lowered
  // only: a product the shop hid stays hidden.
  const feeCandidates = await connection.all<{ id: string; title: string }>(`SELECT id, title FROM products WHERE recommendable AND id IN (SELECT product_id FROM ${LINES})`);
  const fees = feeCandidates.filter((p) => isFeeDescription(p.title)).map((p) => p.id);
  for (let i = 0; i < fees.length; i += 1_000) {
    const ids = fees.slice(i, i + 1_000);
    await connection.run(`UPDATE products SET recommendable = false, updated_at = $1 WHERE id IN (${ids.map((_, n) => `$${n + 2}`).join(', ')})`, [now, ...ids]);
  }
  // Available: recommendable and sold at a positive price at least once.
  await run(`
    UPDATE products SET available = NOT available, updated_at = $1
    WHERE id IN (SELECT product_id FROM ${LINES})
      AND available <> (recommendable AND id IN (SELECT product_id FROM (${SALES}) sales))`);
  await connection.run(`
    UPDATE products SET created_at = f.first_at
    FROM (SELECT product_id, MIN(invoiced_at) AS first_at FROM ${LINES} GROUP BY product_id) f
    WHERE f.product_id = products.id AND f.first_at < products.created_at`);
  await connection.run(`DROP TABLE ${LINES}`);
  await connection.run(`
    UPDATE customers SET first_seen_at = c.first_seen_at, last_seen_at = c.last_seen_at, country = c.country,
           created_at = CASE WHEN c.first_seen_at < customers.created_at THEN c.first_seen_at ELSE customers.created_at END
    FROM (
      SELECT customer_id, country,
             MIN(invoiced_at) OVER (PARTITION BY customer_id) AS first_seen_at,
             MAX(invoiced_at) OVER (PARTITION BY customer_id) AS last_seen_at,
             ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY invoiced_at DESC, invoice_no DESC) AS rn
      FROM orders WHERE customer_id IN (SELECT customer_id FROM staged_customers WHERE attempt_id = $1)
    ) c
    WHERE c.customer_id = customers.id AND c.rn = 1`,
    [attemptId],
  );
}

export async function countDatabase(client: DataClient): Promise<DatabaseCounts> {
  const [customersWithOrders, orders, guestOrders, orderLines, returns, merchandiseProducts, activeProducts, nonMerchandiseProducts, bought] =
    await Promise.all([
      client.customer.count({ where: { orders: { some: {} } } }),
      client.order.count(),
      client.order.count({ where: { customerId: null } }),
      client.orderLine.count(),
      client.orderLine.count({ where: { quantity: { lt: 0 } } }),
      client.product.count({ where: { recommendable: true } }),
      client.product.count({ where: { recommendable: true, available: true } }),
      client.product.count({ where: { recommendable: false } }),
      client.$queryRawUnsafe<{ n: unknown }[]>(`
        SELECT COUNT(DISTINCT l.product_id) AS n
        FROM order_lines l JOIN orders o ON o.invoice_no = l.invoice_no JOIN products p ON p.id = l.product_id
        WHERE p.recommendable AND o.customer_id IS NOT NULL AND NOT o.cancelled AND l.quantity > 0 AND l.unit_price > 0`),
    ]);
  return {
    customersWithOrders,
    orders,
    guestOrders,
    orderLines,
    returns,
    merchandiseProducts,
    activeProducts,
    merchandiseBoughtByCustomers: Number(bought[0]?.n ?? 0),
    nonMerchandiseProducts,
  };
}
