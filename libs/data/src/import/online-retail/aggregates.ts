import type { DataClient } from '../../database/data-client';
import type { SqlDialect } from '../../database/sql-dialect';
import type { DatabaseCounts } from './import-summary';
import { isFeeDescription } from './merchandise';

// Sales: positive quantity at a positive price on an invoice that is not a cancellation.
const SALES = `
  SELECT l.product_id, l.unit_price, o.invoiced_at, l.invoice_no, l.line_no
  FROM order_lines l JOIN orders o ON o.invoice_no = l.invoice_no
  WHERE l.quantity > 0 AND l.unit_price > 0 AND NOT o.cancelled`;

// Only products with order lines are the adapter's: a product the shop sends in the open format
// is never overwritten by order aggregates.
const WITH_LINES = `products.id IN (SELECT DISTINCT product_id FROM order_lines)`;

/**
 * Recomputes product and customer aggregates from every stored line and order, set-based (one
 * pass per aggregate, window functions) in SQL both databases accept: the result does not depend
 * on which files were imported in which order. A product or customer that changes gets
 * `updated_at` now (products), so incremental readers see it.
 */
export async function recomputeAggregates(client: DataClient, dialect: SqlDialect): Promise<void> {
  const now = new Date();
  // Every statement binds `now` once, as its only parameter.
  const at = dialect.list(1);
  await client.$transaction(
    async (tx) => {
      // Most frequent description; ties go to the first alphabetically.
      await tx.$executeRawUnsafe(
        `
        UPDATE products SET title = d.description, updated_at = ${at}
        FROM (
          SELECT product_id, description,
                 ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY COUNT(*) DESC, description) AS rn
          FROM order_lines WHERE description <> '' GROUP BY product_id, description
        ) d
        WHERE d.product_id = products.id AND d.rn = 1 AND products.title <> d.description`,
        now,
      );
      await tx.$executeRawUnsafe(
        `
        UPDATE products SET price = s.unit_price, updated_at = ${at}
        FROM (
          SELECT product_id, unit_price,
                 ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY invoiced_at DESC, invoice_no DESC, line_no DESC) AS rn
          FROM (${SALES}) sales
        ) s
        WHERE s.product_id = products.id AND s.rn = 1 AND products.price <> s.unit_price`,
        now,
      );
      // Typical price: the most frequent one; ties go to the lower price.
      await tx.$executeRawUnsafe(
        `
        UPDATE products SET typical_price = t.unit_price, updated_at = ${at}
        FROM (
          SELECT product_id, unit_price,
                 ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY COUNT(*) DESC, unit_price) AS rn
          FROM (${SALES}) sales GROUP BY product_id, unit_price
        ) t
        WHERE t.product_id = products.id AND t.rn = 1 AND products.typical_price IS DISTINCT FROM t.unit_price`,
        now,
      );
      // Fee lines with a merchandise code (23444 Next Day Carriage) are never recommended. Lowered
      // only: a product the shop hid stays hidden.
      const feeCandidates = await tx.$queryRawUnsafe<{ id: string; title: string }[]>(`SELECT id, title FROM products WHERE recommendable AND ${WITH_LINES}`);
      const fees = feeCandidates.filter((p) => isFeeDescription(p.title)).map((p) => p.id);
      for (let i = 0; i < fees.length; i += 1_000) {
        const ids = fees.slice(i, i + 1_000);
        await tx.product.updateMany({ where: { id: { in: ids } }, data: { recommendable: false, updatedAt: now } });
      }
      // Available: recommendable and sold at a positive price at least once.
      await tx.$executeRawUnsafe(
        `
        UPDATE products SET available = NOT available, updated_at = ${at}
        WHERE ${WITH_LINES}
          AND available <> (recommendable AND id IN (SELECT DISTINCT product_id FROM (${SALES}) sales))`,
        now,
      );
      await tx.$executeRawUnsafe(`
        UPDATE products SET created_at = f.first_at
        FROM (SELECT l.product_id, MIN(o.invoiced_at) AS first_at FROM order_lines l JOIN orders o ON o.invoice_no = l.invoice_no GROUP BY l.product_id) f
        WHERE f.product_id = products.id AND f.first_at < products.created_at`);
      await tx.$executeRawUnsafe(`
        UPDATE customers SET first_seen_at = c.first_seen_at, last_seen_at = c.last_seen_at, country = c.country,
               created_at = CASE WHEN c.first_seen_at < customers.created_at THEN c.first_seen_at ELSE customers.created_at END
        FROM (
          SELECT customer_id, country,
                 MIN(invoiced_at) OVER (PARTITION BY customer_id) AS first_seen_at,
                 MAX(invoiced_at) OVER (PARTITION BY customer_id) AS last_seen_at,
                 ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY invoiced_at DESC, invoice_no DESC) AS rn
          FROM orders WHERE customer_id IS NOT NULL
        ) c
        WHERE c.customer_id = customers.id AND c.rn = 1`);
    },
    { timeout: 300_000, maxWait: 60_000 },
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
