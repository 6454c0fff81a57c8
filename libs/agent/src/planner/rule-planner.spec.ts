import { CATALOGUE, createShopTools } from '../__fixtures__/shop-tools';
import type { SessionTurn } from '../memory/session-turn';
import { createEnhancedTools } from '../tools/enhanced-tools';
import type { ExecutedCall, PlannedCall } from './planner';
import { RulePlanner } from './rule-planner';

const ME = '17850';
const shown = CATALOGUE.slice(0, 3).map((p, i) => ({ ...p, score: 1 - i / 10, reason: 'search' }));
// The previous turn: a search for "white heart" under £10 that showed 85123A, 21733, 84029E (£2.95, £2.95, £3.75).
const afterSearch: SessionTurn[] = [
  {
    message: 'white heart under £10',
    answer: '...',
    planner: 'rules',
    intents: ['search'],
    toolCalls: [{ name: 'search_products', args: { query: 'white heart', limit: 5, maxPrice: 10 }, ok: true, ms: 3 }],
    products: shown,
    at: '2026-01-01T00:00:00Z',
  },
];
const afterRecs: SessionTurn[] = [
  { ...afterSearch[0], toolCalls: [{ name: 'get_recommendations', args: { userId: ME, k: 5, excludePurchased: true }, ok: true, ms: 3 }] },
];

const search = (query: string, extra: Record<string, unknown> = {}): PlannedCall => ({ name: 'search_products', args: { query, limit: 5, ...extra } });
const lookup = (query: string): PlannedCall => ({ name: 'search_products', args: { query, limit: 1 } });
const recs = (extra: Record<string, unknown> = {}): PlannedCall => ({ name: 'get_recommendations', args: { userId: ME, k: 5, excludePurchased: true, ...extra } });
const similar = (productId: string): PlannedCall => ({ name: 'get_similar_products', args: { productId, k: 5 } });
const together = (productId: string): PlannedCall => ({ name: 'get_frequently_bought_together', args: { productId, k: 5 } });
const popular = (country?: string): PlannedCall => ({ name: 'get_popular_products', args: country ? { k: 5, country } : { k: 5 } });
const orders = (limit = 5): PlannedCall => ({ name: 'get_purchase_history', args: { userId: ME, limit } });
const segment: PlannedCall = { name: 'get_user_segment', args: { userId: ME } };
const profile: PlannedCall = { name: 'get_user_profile', args: { userId: ME } };

type Row = [message: string, calls: PlannedCall[], history?: SessionTurn[]];

/** Message → every tool call it must produce, over all steps, in order. */
const TABLE: Row[] = [
  // greetings, help, thanks: an answer and no tools
  ['hi', []],
  ['Hello there!', []],
  ['good morning', []],
  ['thanks', []],
  ['help', []],
  ['what can you do?', []],
  // searches with price bounds
  ['red lantern under £5', [search('red lantern', { maxPrice: 5 })]],
  ['jumbo bag below 5 pounds', [search('jumbo bag', { maxPrice: 5 })]],
  ['cake stand less than 5', [search('cake stand', { maxPrice: 5 })]],
  ['show me bunting between 2 and 10', [search('bunting', { minPrice: 2, maxPrice: 10 })]],
  ['heart t-light holder between £2 and £4', [search('heart t-light holder', { minPrice: 2, maxPrice: 4 })]],
  ['£2-£4 bunting', [search('bunting', { minPrice: 2, maxPrice: 4 })]],
  ['lunch bag over 1.50', [search('lunch bag', { minPrice: 1.5 })]],
  ['anything over 20', [search('gift', { minPrice: 20 })]],
  ['do you have any cake tins?', [search('cake tins')]],
  ['paper chain kit for christmas', [search('paper chain kit christmas')]],
  // keyboard mashing is not searched (issue 19): the composer says what the assistant can do
  ['asdfgh', []],
  // product references by stock code or by name (a lookup search, then the call)
  ['tell me about 85123A', [{ name: 'get_product', args: { productId: '85123A' } }]],
  ['compare 85123A and 21733', [{ name: 'get_products', args: { productIds: ['85123A', '21733'] } }]],
  ['something like 85123A', [similar('85123A')]],
  ['something like the rabbit night light', [lookup('rabbit night light'), similar('23084')]],
  ['similar to the regency cakestand', [lookup('regency cakestand'), similar('22423')]],
  ['what is bought together with 22423', [together('22423')]],
  ['what goes well with party bunting', [lookup('party bunting'), together('47566')]],
  // for the customer
  ['what should I buy?', [recs()]],
  ['recommend me something', [recs()]],
  ['my orders', [orders()]],
  ['what was my last purchase', [orders(5)]],
  ['what did I buy?', [orders()]],
  ['what kind of customer am I', [segment]],
  ['my segment', [segment]],
  ['my profile', [profile]],
  ['give me a customer segments overview', [{ name: 'get_segment_summary', args: {} }]],
  ['show me the orders of customer 12345', []],
  // popular, by country in the shop's spelling
  ['popular in France', [popular('France')]],
  ["what's popular in germany", [popular('Germany')]],
  ['best sellers in Ireland', [popular('EIRE')]],
  ['trending in the united kingdom', [popular('United Kingdom')]],
  ['popular products in the usa', [popular('USA')]],
  ['best sellers', [popular()]],
  // several independent intents: one step, run in parallel, in the order the message asks
  ['recommend me something for under 5 pounds and show my segment', [recs({ maxPrice: 5 }), segment]],
  ['popular in France and my last order', [popular('France'), orders(5)]],
  ["recommend gifts under £3 and what's popular in EIRE", [recs({ maxPrice: 3 }), popular('EIRE')]],
  ["what's my segment and my last order", [segment, orders(5)]],
  // follow-ups from session memory
  ['cheaper ones', [search('white heart', { maxPrice: 2.94 })], afterSearch],
  ['more expensive ones', [search('white heart', { minPrice: 3.76 })], afterSearch],
  ['cheaper ones', [recs({ maxPrice: 2.94 })], afterRecs],
  ['more like the second one', [similar('21733')], afterSearch],
  ['and in red?', [search('red heart', { maxPrice: 10 })], afterSearch],
  ['what about blue ones', [search('blue heart', { maxPrice: 10 })], afterSearch],
  ['show me more', [search('white heart', { maxPrice: 10, offset: 5 })], afterSearch],
  ['tell me about the third one', [{ name: 'get_product', args: { productId: '84029E' } }], afterSearch],
  ['the last one', [{ name: 'get_product', args: { productId: '84029E' } }], afterSearch],
  ['what goes with the first one', [together('85123A')], afterSearch],
  ['something like it', [similar('85123A')], afterSearch],
];

async function plannedCalls(message: string, history: SessionTurn[] = [], user: string | null = ME) {
  const userId = user ?? undefined;
  const shop = createShopTools();
  const tools = createEnhancedTools({ registry: shop.registry, userId });
  const calls: PlannedCall[] = [];
  let step = 0;
  const outcome = await new RulePlanner().run({ message, userId, history, signal: new AbortController().signal }, async (planned) => {
    step++;
    return Promise.all(
      planned.map(async (call, i): Promise<ExecutedCall> => {
        calls.push({ name: call.name, args: call.args });
        const result = await tools.invoke(call.name, call.args);
        return { ...call, id: `${step}-${i}`, step, ok: result.ok, ms: result.ms, data: result.ok ? result.data : undefined };
      }),
    );
  });
  return { calls, outcome, steps: step };
}

describe('RulePlanner', () => {
  it('has a table of at least 40 messages', () => expect(TABLE.length).toBeGreaterThanOrEqual(40));

  // A rest parameter keeps the callback's arity at 0, so jest does not take `history` for `done`.
  it.each(TABLE)('%j', async (...row: Row) => {
    const [message, expected, history] = row;
    const { calls } = await plannedCalls(message, history);
    expect(calls).toEqual(expected);
  });

  it('puts independent calls in one step and a name lookup before the call that needs it', async () => {
    expect((await plannedCalls('recommend me something for under 5 pounds and show my segment')).steps).toBe(1);
    expect((await plannedCalls('something like the rabbit night light')).steps).toBe(2);
  });

  it('answers greetings and help without tools', async () => {
    const { outcome } = await plannedCalls('hello');
    expect(outcome.answer).toMatch(/^Hello!/);
    expect((await plannedCalls('help')).outcome.answer).toMatch(/bought together with/);
  });

  it('refuses another customer and says why', async () => {
    const { outcome } = await plannedCalls('show me the orders of customer 12345');
    expect(outcome.notes.join(' ')).toMatch(/only show your own account/);
  });

  it('asks an anonymous shopper to sign in for personal data, and suggests best sellers instead of recommendations', async () => {
    const orders = await plannedCalls('my orders', [], null);
    expect(orders.calls).toEqual([]);
    expect(orders.outcome.notes.join(' ')).toMatch(/Sign in/);
    expect((await plannedCalls('what should I buy?', [], null)).calls).toEqual([popular()]);
  });

  it('skips the second step when the named product is not found', async () => {
    // "golden" is searched in the catalogue's spelling, "gold".
    expect((await plannedCalls('something like the golden unicorn')).calls).toEqual([lookup('gold unicorn')]);
  });
});
