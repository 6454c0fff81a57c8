import { SEGMENT_NAMES, type SegmentName } from '@reco/base-tools';
import { gbp } from './answer-text';

/** Who reads the answer: a shopper sees what the shop offers them, staff see the marketing label. */
export type AnswerAudience = 'customer' | 'staff';

/**
 * What the shop says to a customer of each RFM segment. The labels ("cannot lose", "at risk")
 * are the marketing team's words about the customer, never words to the customer.
 */
export const CUSTOMER_SEGMENT_WORDING: Record<SegmentName, string> = {
  champions: "You're one of our very best customers, thank you! We keep new arrivals and picks chosen for you here.",
  loyal: "You're one of our most loyal customers, and we've got picks chosen just for you.",
  cannot_lose: "You've been one of our most loyal customers, and we'd love to see you back: we've got picks chosen just for you.",
  at_risk: "It's been a while since your last order, so we've lined up picks based on what you've liked before.",
  potential_loyalists: "Thanks for shopping with us recently! We've got picks based on what you've bought so far.",
  new_customers: 'Welcome, and thanks for your first order! We can suggest things to go with it.',
  promising: 'Thanks for your recent order! We can suggest more things you might like.',
  need_attention: "Good to see you again! We've got picks based on what you've liked before.",
  hibernating: "Welcome back! It's been a while, so here's what we'd pick for you now.",
  lost: "Welcome back! We'd love to show you what's new and what we'd pick for you.",
};

/** The offer that follows the wording when the turn showed no picks of its own. */
export const PICKS_OFFER = 'Ask me "what should I buy next?" to see them.';

interface SegmentData {
  customerId?: string;
  segment?: unknown;
  description?: string;
  rfm?: { recencyDays?: number; frequency?: number; monetary?: number };
}

/** The segment answer for its reader; `picksShown` when the same turn lists recommendations. */
export function describeSegment(data: unknown, audience: AnswerAudience, picksShown: boolean): string | undefined {
  const segment = (data as SegmentData | undefined)?.segment;
  if (!isSegmentName(segment)) return undefined;
  if (audience === 'customer') return picksShown ? CUSTOMER_SEGMENT_WORDING[segment] : `${CUSTOMER_SEGMENT_WORDING[segment]} ${PICKS_OFFER}`;
  const { customerId, description, rfm } = data as SegmentData;
  const facts = rfm ? `: last order ${rfm.recencyDays} days ago, ${rfm.frequency} orders, ${gbp(rfm.monetary ?? 0)} spent` : '';
  const meaning = description ? ` (${description.replace(/\.$/, '')})` : '';
  const who = customerId ? `Customer ${customerId}` : 'This customer';
  return `${who} is in the "${segmentLabel(segment)}" segment${meaning}${facts}.`;
}

export function isSegmentName(value: unknown): value is SegmentName {
  return typeof value === 'string' && (SEGMENT_NAMES as readonly string[]).includes(value);
}

/** "cannot_lose" → "cannot lose". */
export function segmentLabel(segment: string): string {
  return segment.replace(/_/g, ' ');
}

/**
 * A sentence that names a segment label as a label: the snake-case name, a multi-word label
 * ("cannot lose", "at risk"), a quoted label, or the words segment / RFM. Ordinary words that are
 * also labels ("loyal", "lost") count only when quoted or next to those words.
 */
export function namesSegmentLabel(sentence: string): boolean {
  const text = sentence.toLowerCase();
  if (/\bsegments?\b|\brfm\b/.test(text)) return true;
  return SEGMENT_NAMES.some((name) => {
    const label = segmentLabel(name);
    if (text.includes(name) && name.includes('_')) return true;
    if (label.includes(' ') && new RegExp(`\\b${label}\\b`).test(text)) return true;
    return new RegExp(`["“'‘]${label}["”'’]`).test(text);
  });
}
