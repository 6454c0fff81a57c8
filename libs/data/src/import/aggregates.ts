import type { DataClient } from '../database/data-client';
import type { DatabaseCounts } from './import-summary';

// Sales: positive quantity at a positive price on an invoice that is not a cancellation.
const SALES = `
  SELECT l.product_code, l.unit_price, o.invoiced_at, l.invoice_no, l.line_no
  FROM order_lines l JOIN orders o ON o.invoice_no = l.invoice_no
  WHERE l.quantity > 0 AND l.unit_price > 0 AND NOT o.cancelled`;

/**
 * Recomputes product and customer aggregates from every stored line and order, set-based (one
 * pass per aggregate, window functions) in SQL both databases accept: the result does not depend
 * on which files were imported in which order.
 */
export async function recomputeAggregates(client: DataClient): Promise<void> {
  await client.$transaction(
    async (tx) => {
      // Most frequent description; ties go to the first alphabetically.
      await tx.$executeRawUnsafe(`
        UPDATE products SET description = d.description
        FROM (
          SELECT product_code, description,
                 ROW_NUMBER() OVER (PARTITION BY product_code ORDER BY COUNT(*) DESC, description) AS rn
          FROM order_lines WHERE description <> '' GROUP BY product_code, description
        ) d
        WHERE d.product_code = products.stock_code AND d.rn = 1 AND products.description <> d.description`);
      await tx.$executeRawUnsafe(`
        UPDATE products SET latest_unit_price = s.unit_price
        FROM (
          SELECT product_code, unit_price,
                 ROW_NUMBER() OVER (PARTITION BY product_code ORDER BY invoiced_at DESC, invoice_no DESC, line_no DESC) AS rn
          FROM (${SALES}) sales
        ) s
        WHERE s.product_code = products.stock_code AND s.rn = 1`);
      // Typical price: the most frequent one; ties go to the lower price.
      await tx.$executeRawUnsafe(`
        UPDATE products SET typical_unit_price = t.unit_price
        FROM (
          SELECT product_code, unit_price,
                 ROW_NUMBER() OVER (PARTITION BY product_code ORDER BY COUNT(*) DESC, unit_price) AS rn
          FROM (${SALES}) sales GROUP BY product_code, unit_price
        ) t
        WHERE t.product_code = products.stock_code AND t.rn = 1`);
      await tx.$executeRawUnsafe(`
        UPDATE products SET active = (is_merchandise AND stock_code IN (SELECT DISTINCT product_code FROM (${SALES}) sales))`);
      await tx.$executeRawUnsafe(`
        UPDATE customers SET first_seen_at = c.first_seen_at, last_seen_at = c.last_seen_at, country = c.country
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
      client.product.count({ where: { isMerchandise: true } }),
      client.product.count({ where: { isMerchandise: true, active: true } }),
      client.product.count({ where: { isMerchandise: false } }),
      client.$queryRawUnsafe<{ n: unknown }[]>(`
        SELECT COUNT(DISTINCT l.product_code) AS n
        FROM order_lines l JOIN orders o ON o.invoice_no = l.invoice_no JOIN products p ON p.stock_code = l.product_code
        WHERE p.is_merchandise AND o.customer_id IS NOT NULL AND NOT o.cancelled AND l.quantity > 0 AND l.unit_price > 0`),
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
