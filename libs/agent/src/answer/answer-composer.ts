import type { ScoredProduct, ToolErrorBody } from '@reco/base-tools';
import type { ExecutedCall, PlannerOutcome } from '../planner/planner';
import { dedupeProducts, productsIn } from './product-extraction';

export interface ComposedAnswer {
  answer: string;
  products: ScoredProduct[];
}

export interface ComposeInput {
  calls: readonly ExecutedCall[];
  outcome: PlannerOutcome;
  /** The planner's own text (an LLM answer) replaces the composed sections; failures are still named. */
  plannerText?: string;
}

/** How many products an answer names; the structured list carries them all. */
export const NAMED_PRODUCTS = 5;

/** What a shopper calls each tool's service, for "I couldn't reach the segment service". */
export const TOOL_LABELS: Record<string, string> = {
  search_products: 'product search',
  get_product: 'product catalogue',
  get_products: 'product catalogue',
  get_user_profile: 'profile service',
  get_purchase_history: 'order history',
  get_user_segment: 'segment service',
  get_segment_summary: 'segment overview',
  get_recommendations: 'recommendation service',
  get_similar_products: 'similar-products service',
  get_frequently_bought_together: 'bought-together service',
  get_popular_products: 'best-seller list',
};

/** Deterministic, short answer text plus the deduplicated products shown, from the calls of a turn. */
export class AnswerComposer {
  compose({ calls, outcome, plannerText }: ComposeInput): ComposedAnswer {
    const lookups = lookupCalls(calls);
    const shownCalls = calls.filter((c) => c.ok && !lookups.has(c.id));
    const products = dedupeProducts(shownCalls.flatMap((c) => productsIn(c.data, reasonFor(c))));
    const failures = failedCalls(calls).map(describeFailure);
    const text = plannerText ?? outcome.answer;
    if (text !== undefined) {
      const missing = failures.filter((f) => !text.toLowerCase().includes(f.label));
      return { answer: join([...outcome.notes, text, ...missing.map((f) => f.sentence)]), products };
    }
    const sections = shownCalls.map((c) => describeResult(c, calls)).filter((s): s is string => !!s);
    const body = sections.length || failures.length || outcome.notes.length ? sections : ["I couldn't find anything for that. Try a product name or \"help\"."];
    if (!sections.length && failures.length && !outcome.notes.length) body.unshift('Sorry, I could not get an answer just now.');
    return { answer: join([...outcome.notes, ...body, ...failures.map((f) => f.sentence)]), products };
  }
}

/** A search with limit 1 whose top hit a later call asked about was only resolving a name. */
function lookupCalls(calls: readonly ExecutedCall[]): Set<string> {
  const referenced = new Set(calls.map((c) => c.args['productId']).filter((id): id is string => typeof id === 'string'));
  return new Set(
    calls
      .filter((c) => c.name === 'search_products' && c.args['limit'] === 1 && c.ok)
      .filter((c) => productsIn(c.data).some((p) => referenced.has(p.productId) && calls.some((o) => o.step > c.step)))
      .map((c) => c.id),
  );
}

/** Failed calls, one per tool name (two failed searches are one sentence). */
function failedCalls(calls: readonly ExecutedCall[]): ExecutedCall[] {
  const seen = new Set<string>();
  return calls.filter((c) => !c.ok && !seen.has(TOOL_LABELS[c.name] ?? c.name) && seen.add(TOOL_LABELS[c.name] ?? c.name));
}

function describeFailure(call: ExecutedCall): { label: string; sentence: string } {
  const label = TOOL_LABELS[call.name] ?? call.name.replace(/_/g, ' ');
  const error = call.error as ToolErrorBody | undefined;
  switch (error?.code) {
    case 'TIMEOUT':
      return { label, sentence: `The ${label} took too long to answer, so that part is missing.` };
    case 'FORBIDDEN':
      return { label, sentence: `I can't show that from the ${label}: it is not available to you.` };
    case 'NOT_FOUND':
      return { label, sentence: `The ${label} couldn't find ${quoteId(error.details?.['id'] ?? call.args['productId'])}.` };
    case 'CANCELLED':
      return { label, sentence: `The ${label} was cancelled.` };
    default:
      return { label, sentence: `I couldn't reach the ${label} just now.` };
  }
}

function describeResult(call: ExecutedCall, all: readonly ExecutedCall[]): string | undefined {
  const data = call.data as Record<string, unknown> | undefined;
  const products = productsIn(data);
  const list = (lead: string, empty: string) => (products.length ? `${lead}: ${nameList(products)}.` : empty);
  switch (call.name) {
    case 'search_products': {
      const what = `"${String(call.args['query'] ?? '')}"${priceText(call.args)}`;
      return list(`For ${what}`, `I found nothing for ${what}.`);
    }
    case 'get_recommendations':
      return list(`Picked for you${priceText(call.args)}`, 'I have no suggestions for you in that range yet.');
    case 'get_similar_products':
      return list(`Similar to ${productName(call.args['productId'], all)}`, `I found nothing similar to ${productName(call.args['productId'], all)}.`);
    case 'get_frequently_bought_together':
      return list(`Often bought with ${productName(call.args['productId'], all)}`, `Nothing is often bought with ${productName(call.args['productId'], all)} yet.`);
    case 'get_popular_products': {
      const where = typeof call.args['country'] === 'string' ? `Popular in ${call.args['country']}` : 'Best sellers right now';
      return list(where, `${where}: nothing yet.`);
    }
    case 'get_product':
      return products[0] ? `${products[0].productId} ${title(products[0].description)} costs ${gbp(products[0].unitPrice)}.` : undefined;
    case 'get_products':
      return list('Those products', 'I found none of those products.');
    case 'get_purchase_history':
      return describeOrders(data);
    case 'get_user_segment':
      return describeSegment(data);
    case 'get_user_profile':
      return describeProfile(data);
    case 'get_segment_summary':
      return describeSegmentSummary(data);
    default:
      return products.length ? `From ${call.name.replace(/_/g, ' ')}: ${nameList(products)}.` : undefined;
  }
}

interface OrderLike {
  invoiceNo?: string;
  time?: string;
  total?: number;
  lines?: { description?: string; quantity?: number }[];
}

function describeOrders(data: Record<string, unknown> | undefined): string {
  const orders = (Array.isArray(data?.['orders']) ? data['orders'] : Array.isArray(data?.['items']) ? data['items'] : []) as OrderLike[];
  if (!orders.length) return "You haven't ordered anything yet.";
  if (orders.length === 1) {
    const [o] = orders;
    const lines = (o.lines ?? []).slice(0, 3).map((l) => `${l.quantity ?? 1} x ${title(l.description ?? '')}`).join(', ');
    return `Your last order, ${o.invoiceNo} on ${day(o.time)}: ${lines}${(o.lines?.length ?? 0) > 3 ? ' and more' : ''}, ${gbp(o.total ?? 0)} in total.`;
  }
  return `Your last ${orders.length} orders: ${orders.map((o) => `${o.invoiceNo} (${day(o.time)}, ${gbp(o.total ?? 0)})`).join(', ')}.`;
}

function describeSegment(data: Record<string, unknown> | undefined): string | undefined {
  const segment = data?.['segment'];
  if (typeof segment !== 'string') return undefined;
  const rfm = data?.['rfm'] as { recencyDays?: number; frequency?: number; monetary?: number } | undefined;
  const facts = rfm
    ? `: last order ${rfm.recencyDays} days ago, ${rfm.frequency} orders, ${gbp(rfm.monetary ?? 0)} spent`
    : '';
  return `You're in the "${segment.replace(/_/g, ' ')}" segment${facts}.`;
}

function describeProfile(data: Record<string, unknown> | undefined): string | undefined {
  const profile = (data?.['customer'] ?? data) as { customerId?: string; country?: string | null; firstSeen?: string | null } | undefined;
  if (!profile?.customerId) return undefined;
  const parts = [`customer ${profile.customerId}`];
  if (profile.country) parts.push(profile.country);
  if (profile.firstSeen) parts.push(`with us since ${day(profile.firstSeen)}`);
  return `Your account: ${parts.join(', ')}.`;
}

function describeSegmentSummary(data: Record<string, unknown> | undefined): string | undefined {
  const segments = (Array.isArray(data?.['segments']) ? data['segments'] : []) as { segment?: string; customers?: number; count?: number }[];
  if (!segments.length) return undefined;
  return `Customer segments: ${segments.map((s) => `${(s.segment ?? '?').replace(/_/g, ' ')} ${s.customers ?? s.count ?? 0}`).join(', ')}.`;
}

function nameList(products: readonly ScoredProduct[]): string {
  const named = products.slice(0, NAMED_PRODUCTS).map((p) => `${title(p.description)} (${gbp(p.unitPrice)})`);
  const more = products.length - named.length;
  return more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
}

function productName(id: unknown, calls: readonly ExecutedCall[]): string {
  for (const call of calls) {
    const found = productsIn(call.ok ? call.data : undefined).find((p) => p.productId === id);
    if (found && !String(found.reason).startsWith('similar-to') && !String(found.reason).startsWith('bought-with')) return title(found.description);
  }
  return String(id);
}

function priceText(args: Record<string, unknown>): string {
  const min = typeof args['minPrice'] === 'number' ? args['minPrice'] : undefined;
  const max = typeof args['maxPrice'] === 'number' ? args['maxPrice'] : undefined;
  if (min !== undefined && max !== undefined) return ` between ${gbp(min)} and ${gbp(max)}`;
  if (max !== undefined) return ` under ${gbp(max)}`;
  if (min !== undefined) return ` over ${gbp(min)}`;
  return '';
}

function reasonFor(call: ExecutedCall): string {
  return call.name === 'search_products' ? 'search' : 'lookup';
}

/** "WHITE HANGING HEART T-LIGHT HOLDER" → "White Hanging Heart T-Light Holder". */
export function title(description: string): string {
  return description
    .trim()
    .replace(/\.$/, '')
    .toLowerCase()
    .replace(/(^|[\s\-(])([a-z])/g, (_m, pre: string, c: string) => pre + c.toUpperCase());
}

export function gbp(amount: number): string {
  return `£${amount.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function day(iso: string | undefined): string {
  if (!iso) return 'an unknown date';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

function quoteId(id: unknown): string {
  return typeof id === 'string' ? id : 'it';
}

function join(parts: readonly string[]): string {
  return parts.filter((p) => p.trim()).join(' ');
}
