import type { AnswerAudience } from './segment-wording';
import { day, gbp, listNames, title } from './answer-text';

interface OrderLineLike {
  productId?: string;
  description?: string;
  quantity?: number;
  unitPrice?: number;
  /** Not in the order schema yet; honoured when a history tool carries it. */
  recommendable?: boolean;
}

export interface OrderLike {
  invoiceNo?: string;
  time?: string;
  cancelled?: boolean;
  total?: number;
  lines?: OrderLineLike[];
}

export interface OrderTextOptions {
  audience: AnswerAudience;
  /** Only the most recent purchase (a "last order" or shipping question). */
  latestOnly: boolean;
  /** Product ids the turn's tools marked as not recommendable (postage, fees): never named. */
  hidden: ReadonlySet<string>;
}

/** The orders of a history tool's data, newest first as the tool gives them. */
export function ordersIn(data: unknown): OrderLike[] {
  const record = data as Record<string, unknown> | undefined;
  const orders = Array.isArray(record?.['orders']) ? record['orders'] : Array.isArray(record?.['items']) ? record['items'] : [];
  return orders as OrderLike[];
}

/** A cancellation invoice (Online Retail's "C" numbers, negative quantities): a return, not a purchase. */
export function isCancellation(order: OrderLike): boolean {
  return order.cancelled === true || /^c/i.test(order.invoiceNo ?? '') || (order.total ?? 0) < 0;
}

/**
 * Order history as a shop shows it: the products of the most recent purchase by name with their
 * price, then what was bought before; returns are named as returns, never as a negative total,
 * and invoice numbers only for staff.
 */
export function describeOrders(data: unknown, options: OrderTextOptions): string {
  const orders = ordersIn(data);
  if (!orders.length) return options.audience === 'staff' ? 'This customer has no orders yet.' : "You haven't ordered anything yet.";
  const purchases = orders.filter((o) => !isCancellation(o));
  const returns = orders.filter(isCancellation);
  const returned = returnedNames(options.latestOnly ? returns.filter((r) => isAfter(r, purchases[0])) : returns, options.hidden);
  const staff = options.audience === 'staff';
  const returnedText = returned.length ? (staff ? ` Returned: ${listNames(returned)}.` : ` You also returned ${listNames(returned)}.`) : '';
  if (!purchases.length) {
    const recent = staff ? 'The recent orders' : 'Your recent orders';
    if (options.latestOnly && returned.length) {
      return `${staff ? 'The' : 'Your'} most recent order was a return (${listNames(returned)}). Ask for ${staff ? 'the' : 'your'} orders to see what was bought before it.`;
    }
    return returned.length
      ? `${recent} were returns (${listNames(returned)}), so there is nothing bought to show.`
      : `There is nothing bought to show in ${recent.toLowerCase()}.`;
  }
  const [latest, ...earlier] = purchases;
  const whose = staff ? `Most recent order${latest.invoiceNo ? ` ${latest.invoiceNo}` : ''}` : 'Your most recent order';
  const lines = shownLines(latest, options.hidden);
  const latestText = lines.length
    ? `${whose} (${day(latest.time)}): ${listNames(lines.map(lineText))}.`
    : `${whose} (${day(latest.time)}) had no products I can show.`;
  if (options.latestOnly || !earlier.length) return latestText + returnedText;
  const inLatest = new Set(lines.map((l) => l.productId));
  const before = distinct(earlier.flatMap((o) => shownLines(o, options.hidden))).filter((l) => !inLatest.has(l.productId));
  const beforeText = before.length ? ` Before that you bought ${listNames(before.map(priceText))}.` : '';
  return latestText + beforeText + returnedText;
}

function shownLines(order: OrderLike, hidden: ReadonlySet<string>): OrderLineLike[] {
  return (order.lines ?? []).filter(
    (l) => (l.quantity ?? 1) > 0 && l.recommendable !== false && !hidden.has(l.productId ?? '') && !!l.description?.trim(),
  );
}

function returnedNames(returns: readonly OrderLike[], hidden: ReadonlySet<string>): string[] {
  const lines = returns.flatMap((o) => (o.lines ?? []).filter((l) => !hidden.has(l.productId ?? '') && l.recommendable !== false && !!l.description?.trim()));
  return distinct(lines).map((l) => title(l.description ?? ''));
}

function lineText(line: OrderLineLike): string {
  const quantity = line.quantity ?? 1;
  const price = typeof line.unitPrice === 'number' ? gbp(line.unitPrice) : undefined;
  if (quantity === 1) return price ? `${title(line.description ?? '')} (${price})` : title(line.description ?? '');
  return `${quantity} × ${title(line.description ?? '')}${price ? ` (${price} each)` : ''}`;
}

function priceText(line: OrderLineLike): string {
  return typeof line.unitPrice === 'number' ? `${title(line.description ?? '')} (${gbp(line.unitPrice)})` : title(line.description ?? '');
}

function distinct(lines: readonly OrderLineLike[]): OrderLineLike[] {
  const seen = new Set<string>();
  return lines.filter((l) => {
    const key = l.productId ?? l.description ?? '';
    return !seen.has(key) && !!seen.add(key);
  });
}

function isAfter(order: OrderLike, other: OrderLike | undefined): boolean {
  return !other?.time || !order.time || order.time >= other.time;
}
