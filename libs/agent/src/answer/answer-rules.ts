import type { ExecutedCall } from '../planner/planner';
import { title } from './answer-text';
import { isCancellation, ordersIn } from './order-history';
import { isShowable } from './product-cards';
import { productsIn } from './product-extraction';
import { namesSegmentLabel, type AnswerAudience } from './segment-wording';

/** What the rules took out of a model's text, so the composer can put the shop's wording back. */
export interface RuledText {
  text: string;
  droppedOrders: boolean;
  droppedSegment: boolean;
  droppedProducts: boolean;
}

const NEGATIVE_MONEY = /[-−]\s?£\s?\d|£\s?[-−]\s?\d/;

/**
 * The answer rules applied to text the shop did not write (an LLM's answer): a sentence is
 * dropped when it names a product the tools marked as not recommendable, or, for a customer,
 * when it lists invoice numbers or a negative total, or names an internal segment label.
 * Line breaks are kept; a line left empty goes.
 */
export function applyAnswerRules(text: string, calls: readonly ExecutedCall[], audience: AnswerAudience): RuledText {
  const okCalls = calls.filter((c) => c.ok);
  const invoices = okCalls
    .filter((c) => c.name === 'get_purchase_history')
    .flatMap((c) => ordersIn(c.data))
    .flatMap((o) => (o.invoiceNo ? [o.invoiceNo.toLowerCase()] : []));
  const hiddenNames = okCalls
    .flatMap((c) => productsIn(c.data))
    .filter((p) => !isShowable(p))
    .flatMap((p) => [p.description.toLowerCase().trim(), title(p.title ?? p.description).toLowerCase()])
    .filter((name) => name.length > 2);
  const history = okCalls.flatMap((c) => (c.name === 'get_purchase_history' ? ordersIn(c.data) : []));
  const cancelledInvoices = history.filter(isCancellation).flatMap((o) => (o.invoiceNo ? [o.invoiceNo.toLowerCase()] : []));
  const result: RuledText = { text: '', droppedOrders: false, droppedSegment: false, droppedProducts: false };

  const keep = (sentence: string): boolean => {
    const lower = sentence.toLowerCase();
    if (hiddenNames.some((name) => lower.includes(name))) return !(result.droppedProducts = true);
    if (audience === 'staff') return true;
    const namesInvoice = [...invoices, ...cancelledInvoices].some((no) => new RegExp(`(^|\\W)${escape(no)}(\\W|$)`).test(lower));
    if (namesInvoice || /\binvoices?\b/.test(lower) || NEGATIVE_MONEY.test(sentence)) return !(result.droppedOrders = true);
    if (namesSegmentLabel(sentence)) return !(result.droppedSegment = true);
    return true;
  };

  const lines = text.split('\n').map((line) => {
    if (!line.trim()) return '';
    const parts = line.split(/(?<=[.!?])\s+(?=\S)/);
    const kept = parts.filter(keep);
    return kept.length ? kept.join(' ') : undefined;
  });
  result.text = lines
    .filter((line): line is string => line !== undefined)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return result;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
