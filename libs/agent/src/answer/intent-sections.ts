import type { ExecutedCall } from '../planner/planner';

/**
 * The tools each planner intent answers with. An intent missing here (a planner's new name) may
 * take any call; an empty list marks an intent answered in words only (no tool).
 */
export const INTENT_TOOLS: Record<string, readonly string[]> = {
  orders: ['get_purchase_history'],
  'last-order': ['get_purchase_history'],
  'order-shipping': ['get_purchase_history'],
  profile: ['get_user_profile'],
  segment: ['get_user_segment'],
  'segment-summary': ['get_segment_summary'],
  recommend: ['get_recommendations', 'get_popular_products'],
  popular: ['get_popular_products'],
  search: ['search_products'],
  similar: ['get_similar_products', 'search_products'],
  'bought-together': ['get_frequently_bought_together', 'search_products'],
  product: ['get_product'],
  products: ['get_products'],
  unsupported: [],
  greeting: [],
  thanks: [],
  help: [],
  unknown: [],
  'other-customer': [],
};

/** The intent a tool call stands for when the planner named none (the LLM planner's tool calls). */
export const TOOL_INTENT: Record<string, string> = {
  get_purchase_history: 'orders',
  get_user_profile: 'profile',
  get_user_segment: 'segment',
  get_segment_summary: 'segment-summary',
  get_recommendations: 'recommend',
  get_popular_products: 'popular',
  search_products: 'search',
  get_similar_products: 'similar',
  get_frequently_bought_together: 'bought-together',
  get_product: 'product',
  get_products: 'products',
};

/** Intents answered in words only, whatever their position. */
export function isWordsOnly(intent: string): boolean {
  return INTENT_TOOLS[intent]?.length === 0;
}

export interface IntentSection {
  /** The planner's intent, or the call's own intent for a call no intent claimed. */
  intent: string;
  calls: ExecutedCall[];
}

/**
 * Splits a turn's calls into one section per intent, in the planner's intent order: each call
 * goes to the first intent that takes its tool and has no call yet, else to the last intent that
 * takes it (a second search of one "search" intent); a call no intent takes gets its own section
 * after the one before it. Words-only intents keep their place with no calls.
 */
export function sectionsByIntent(intents: readonly string[], calls: readonly ExecutedCall[]): IntentSection[] {
  const sections: IntentSection[] = intents.map((intent) => ({ intent, calls: [] }));
  const takes = (section: IntentSection, call: ExecutedCall) => {
    const tools = INTENT_TOOLS[section.intent];
    return tools === undefined || tools.includes(call.name);
  };
  let previous = -1;
  const extra: { after: number; section: IntentSection }[] = [];
  for (const call of calls) {
    let index = sections.findIndex((s) => !s.calls.length && takes(s, call));
    if (index < 0) index = findLastIndex(sections, (s) => s.calls.length > 0 && takes(s, call));
    if (index >= 0) {
      sections[index].calls.push(call);
      previous = index;
      continue;
    }
    const own = extra.find((e) => e.after === previous && e.section.calls[0]?.name === call.name);
    if (own) own.section.calls.push(call);
    else extra.push({ after: previous, section: { intent: TOOL_INTENT[call.name] ?? call.name, calls: [call] } });
  }
  const ordered: IntentSection[] = extra.filter((e) => e.after < 0).map((e) => e.section);
  sections.forEach((section, i) => {
    ordered.push(section, ...extra.filter((e) => e.after === i).map((e) => e.section));
  });
  return ordered;
}

function findLastIndex<T>(list: readonly T[], test: (item: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i])) return i;
  return -1;
}
