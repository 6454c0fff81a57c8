import type { ToolErrorBody } from '@reco/base-tools';
import type { ExecutedCall, PlannerOutcome } from '../planner/planner';
import { applyAnswerRules } from './answer-rules';
import { day, gbp, nameList, title } from './answer-text';
import { SHIPPING_ANSWER, SHIPPING_OFFER, UNSUPPORTED_ANSWER } from './capabilities';
import { isWordsOnly, sectionsByIntent, type IntentSection } from './intent-sections';
import { describeOrders } from './order-history';
import { hiddenProductIds, isShowable, priceRange, productName, whyFor, type ProductCard } from './product-cards';
import { dedupeProducts, productsIn } from './product-extraction';
import { describeSegment, segmentLabel, type AnswerAudience } from './segment-wording';

export { gbp, NAMED_PRODUCTS, title } from './answer-text';

/** One paragraph of the answer: what one intent of the message got. */
export interface AnswerSection {
  intent: string;
  text: string;
}

export interface ComposedAnswer {
  /** The sections' paragraphs, separated by a blank line. */
  answer: string;
  /** Cards of the products named, in the order of the paragraphs; never a non-recommendable one. */
  products: ProductCard[];
  sections: AnswerSection[];
}

export interface ComposeInput {
  calls: readonly ExecutedCall[];
  outcome: PlannerOutcome;
  /** The planner's own text (an LLM answer) replaces the composed sections, after the answer rules; failures are still named. */
  plannerText?: string;
  /** Default `customer`: segment labels and invoice numbers are for staff. */
  audience?: AnswerAudience;
}

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

const NOTHING_FOUND = 'I couldn\'t find anything for that. Try a product name or "help".';
const NOTHING_ANSWERED = 'Sorry, I could not get an answer just now.';

interface TurnContext {
  all: readonly ExecutedCall[];
  audience: AnswerAudience;
  hidden: ReadonlySet<string>;
  picksShown: boolean;
  /** Failure labels already named: two failed searches are one sentence. */
  named: Set<string>;
}

/** Deterministic answer: one paragraph per intent of the message, in order, plus the product cards. */
export class AnswerComposer {
  compose({ calls, outcome, plannerText, audience = 'customer' }: ComposeInput): ComposedAnswer {
    const lookups = lookupCalls(calls);
    const sections = sectionsByIntent(outcome.intents, calls.filter((c) => !lookups.has(c.id)));
    const ctx: TurnContext = {
      all: calls,
      audience,
      hidden: hiddenProductIds(calls),
      picksShown: calls.some((c) => c.ok && c.name === 'get_recommendations' && productsIn(c.data).some(isShowable)),
      named: new Set(),
    };
    const products = cardsOf(sections, calls);
    const notes = outcome.notes.map((text) => ({ intent: 'note', text }));
    if (plannerText !== undefined) return { ...this.fromPlannerText(plannerText, sections, notes, ctx), products };

    const composed: AnswerSection[] = [];
    let plannerAnswerUsed = outcome.answer === undefined;
    for (const section of sections) {
      const text = describeSection(section, ctx) ?? (!plannerAnswerUsed && isWordsOnly(section.intent) ? outcome.answer : undefined);
      if (text === outcome.answer) plannerAnswerUsed = true;
      // A section whose calls all failed reads as a failure: an answer of only failures says so first.
      const failedOnly = section.calls.length > 0 && section.calls.every((c) => !c.ok) && section.intent !== 'order-shipping';
      // Two clauses of one ask ("where is my order? has it shipped?") are answered once.
      const repeated = composed.some((s) => s.text === text || (s.intent === section.intent && !section.calls.length));
      if (text && !repeated) composed.push({ intent: failedOnly ? 'failure' : section.intent, text });
    }
    if (!plannerAnswerUsed && outcome.answer && !composed.some((s) => s.intent === 'unsupported')) composed.unshift({ intent: 'reply', text: outcome.answer });
    if (!composed.length && !notes.length) composed.push({ intent: 'none', text: NOTHING_FOUND });
    else if (!notes.length && composed.every((s) => s.intent === 'failure')) composed.unshift({ intent: 'none', text: NOTHING_ANSWERED });
    return finish([...notes, ...composed], products);
  }

  /** An LLM's text under the answer rules; what the rules took out comes back in the shop's words. */
  private fromPlannerText(text: string, sections: readonly IntentSection[], notes: AnswerSection[], ctx: TurnContext): Omit<ComposedAnswer, 'products'> {
    const ruled = applyAnswerRules(text, ctx.all, ctx.audience);
    const restored: AnswerSection[] = [];
    for (const section of sections) {
      for (const call of section.calls.filter((c) => c.ok)) {
        const put = (call.name === 'get_purchase_history' && ruled.droppedOrders) || (call.name === 'get_user_segment' && ruled.droppedSegment);
        const restoredText = put ? describeResult(call, section.intent, ctx) : undefined;
        if (restoredText) restored.push({ intent: section.intent, text: restoredText });
      }
    }
    if (!ruled.text && !restored.length) return finish([...notes, ...sections.flatMap((s) => describeSectionAsList(s, ctx))], []);
    // Failures the model did not mention close its paragraph: the shopper learns what is missing.
    const failures = sections
      .flatMap((s) => s.calls)
      .filter((c) => !c.ok)
      .map((c) => describeFailure(c, ctx))
      .filter((f): f is { label: string; sentence: string } => !!f && !text.toLowerCase().includes(f.label))
      .map((f) => f.sentence);
    const llm = [ruled.text, ...failures].filter(Boolean).join(' ');
    return finish([...notes, { intent: 'llm', text: llm }, ...restored], []);
  }
}

function finish(sections: AnswerSection[], products: ProductCard[]): ComposedAnswer {
  const kept = sections.filter((s) => s.text.trim());
  return { answer: kept.map((s) => s.text).join('\n\n'), products, sections: kept };
}

function describeSectionAsList(section: IntentSection, ctx: TurnContext): AnswerSection[] {
  const text = describeSection(section, ctx);
  return text ? [{ intent: section.intent, text }] : [];
}

/** The section's paragraph: its words-only reply, or what each of its calls found or why it failed. */
function describeSection(section: IntentSection, ctx: TurnContext): string | undefined {
  if (section.intent === 'unsupported') return UNSUPPORTED_ANSWER;
  const parts = section.calls.map((call) => (call.ok ? describeResult(call, section.intent, ctx) : describeFailure(call, ctx)?.sentence));
  const found = parts.filter((p): p is string => !!p);
  if (section.intent === 'order-shipping') return [SHIPPING_ANSWER, ...found].join(' ');
  return found.length ? found.join(' ') : undefined;
}

/** Products of every successful call, as cards: the reason kept, the shopper's "why" added, hidden ones gone. */
function cardsOf(sections: readonly IntentSection[], all: readonly ExecutedCall[]): ProductCard[] {
  const cards = sections.flatMap((section) =>
    section.calls
      .filter((c) => c.ok)
      .flatMap((call) =>
        productsIn(call.data, reasonFor(call))
          .filter(isShowable)
          .map((p): ProductCard => ({ ...p, why: whyFor(p, call, all), intent: section.intent })),
      ),
  );
  return dedupeProducts(cards);
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

function describeFailure(call: ExecutedCall, ctx: TurnContext): { label: string; sentence: string } | undefined {
  const label = TOOL_LABELS[call.name] ?? call.name.replace(/_/g, ' ');
  if (ctx.named.has(label)) return undefined;
  ctx.named.add(label);
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

function describeResult(call: ExecutedCall, intent: string, ctx: TurnContext): string | undefined {
  const data = call.data as Record<string, unknown> | undefined;
  const products = productsIn(data).filter(isShowable);
  const list = (lead: string, empty: string) => (products.length ? `${lead}: ${nameList(products)}.` : empty);
  const about = () => productName(call.args['productId'], ctx.all);
  switch (call.name) {
    case 'search_products': {
      const what = `"${String(call.args['query'] ?? '')}"${priceRange(call.args)}`;
      return list(`For ${what}`, `I found nothing for ${what}.`);
    }
    case 'get_recommendations':
      return list(`Picked for you${priceRange(call.args)}`, 'I have no suggestions for you in that range yet.');
    case 'get_similar_products':
      return list(`Similar to ${about()}`, `I found nothing similar to ${about()}.`);
    case 'get_frequently_bought_together':
      return list(`Often bought with ${about()}`, `Nothing is often bought with ${about()} yet.`);
    case 'get_popular_products': {
      const where = typeof call.args['country'] === 'string' ? `Popular in ${call.args['country']}` : 'Best sellers right now';
      return list(where, `${where}: nothing yet.`);
    }
    case 'get_product': {
      const [product] = productsIn(data);
      if (!product) return undefined;
      return isShowable(product) ? `${title(product.description)} costs ${gbp(product.unitPrice)}.` : `${product.productId} is not something I can suggest.`;
    }
    case 'get_products':
      return list('Those products', 'I found none of those products.');
    case 'get_purchase_history': {
      const latestOnly = intent === 'order-shipping' || intent === 'last-order' || call.args['limit'] === 1;
      const orders = describeOrders(data, { audience: ctx.audience, latestOnly, hidden: ctx.hidden });
      return intent === 'order-shipping' && /\):/.test(orders) ? `${orders} ${SHIPPING_OFFER}` : orders;
    }
    case 'get_user_segment':
      return describeSegment(data, ctx.audience, ctx.picksShown);
    case 'get_user_profile':
      return describeProfile(data, ctx.audience);
    case 'get_segment_summary':
      return describeSegmentSummary(data);
    default:
      return products.length ? `From ${call.name.replace(/_/g, ' ')}: ${nameList(products)}.` : undefined;
  }
}

function describeProfile(data: Record<string, unknown> | undefined, audience: AnswerAudience): string | undefined {
  const profile = (data?.['customer'] ?? data) as { customerId?: string; country?: string | null; firstSeen?: string | null } | undefined;
  if (!profile?.customerId) return undefined;
  const parts = [`customer ${profile.customerId}`];
  if (profile.country) parts.push(profile.country);
  if (profile.firstSeen) parts.push(`with us since ${day(profile.firstSeen)}`);
  return `${audience === 'staff' ? 'Account' : 'Your account'}: ${parts.join(', ')}.`;
}

function describeSegmentSummary(data: Record<string, unknown> | undefined): string | undefined {
  const segments = (Array.isArray(data?.['segments']) ? data['segments'] : []) as { segment?: string; customers?: number; count?: number }[];
  if (!segments.length) return undefined;
  return `Customer segments: ${segments.map((s) => `${segmentLabel(s.segment ?? '?')} ${s.customers ?? s.count ?? 0}`).join(', ')}.`;
}

function reasonFor(call: ExecutedCall): string {
  return call.name === 'search_products' ? 'search' : 'lookup';
}

function quoteId(id: unknown): string {
  return typeof id === 'string' ? id : 'it';
}
