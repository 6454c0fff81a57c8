import { CATALOGUE } from '../__fixtures__/shop-tools';
import type { ExecutedCall, PlannerOutcome } from '../planner/planner';
import { CARRIAGE, LANTERN, MUG, ORDERS, POSTAGE, TEAPOT } from './__fixtures__/answer-shop';
import { AnswerComposer, title } from './answer-composer';
import { SHIPPING_ANSWER, UNSUPPORTED_ANSWER } from './capabilities';

const items = (ids: string[], reason: string) => ({
  items: CATALOGUE.filter((p) => ids.includes(p.productId)).map((p) => ({ ...p, score: 1, reason })),
});
const scored = (products: { productId: string }[], reason: string) => ({ items: products.map((p) => ({ ...p, score: 1, reason })) });
const call = (name: string, args: Record<string, unknown>, result: { data?: unknown; error?: ExecutedCall['error'] }, step = 1): ExecutedCall => ({
  id: `${name}-${step}-${JSON.stringify(args)}`,
  name,
  args,
  step,
  ms: 10,
  ok: !result.error,
  ...result,
});
const outcome = (intents: string[] = [], extra: Partial<PlannerOutcome> = {}): PlannerOutcome => ({ intents, notes: [], ...extra });
// Order lines do not carry `recommendable` yet; a history tool that does marks postage like this.
const flagged = ORDERS.map((o) => ({ ...o, lines: o.lines.map((l) => (l.productId === POSTAGE.productId ? { ...l, recommendable: false } : l)) }));
const history = (limit: number, orders: unknown[] = flagged) => call('get_purchase_history', { limit }, { data: { customerId: '17850', orders: orders.slice(0, limit) } });
const segment = call('get_user_segment', {}, { data: { customerId: '17850', segment: 'cannot_lose', rfm: { recencyDays: 200, frequency: 40, monetary: 5200 } } });

describe('AnswerComposer', () => {
  const composer = new AnswerComposer();

  it('names up to five products per result, deduplicates the list, and names failed tools', () => {
    const { answer, products } = composer.compose({
      outcome: outcome(),
      calls: [
        call('search_products', { query: 'heart', maxPrice: 5 }, { data: items(['85123A', '21733', '84029E'], 'search') }),
        call('get_recommendations', { k: 5 }, { data: items(['85123A', '22423', '47566', '23084', '85099B', '22086', '84879'], 'model') }),
        call('get_user_segment', {}, { error: { code: 'TOOL_FAILED', message: 'x' } }),
        call('get_popular_products', { k: 5 }, { error: { code: 'TIMEOUT', message: 'x' } }),
      ],
    });
    expect(answer.split('\n\n')).toEqual([
      'For "heart" under £5.00: White Hanging Heart T-Light Holder (£2.95), Red Hanging Heart T-Light Holder (£2.95), Red Woolly Hottie White Heart (£3.75).',
      'Picked for you: White Hanging Heart T-Light Holder (£2.95), Regency Cakestand 3 Tier (£12.75), Party Bunting (£4.95), Rabbit Night Light (£2.08), Jumbo Bag Red Retrospot (£2.08) and 2 more.',
      "I couldn't reach the segment service just now.",
      'The best-seller list took too long to answer, so that part is missing.',
    ]);
    expect(products.map((p) => p.productId)).toEqual(['85123A', '21733', '84029E', '22423', '47566', '23084', '85099B', '22086', '84879']);
  });

  it('hides a name lookup whose top hit a later step used', () => {
    const { answer, products } = composer.compose({
      outcome: outcome(['similar']),
      calls: [
        call('search_products', { query: 'rabbit night light', limit: 1 }, { data: items(['23084'], 'search') }),
        call('get_similar_products', { productId: '23084', k: 5 }, { data: items(['79321'], 'similar-to:23084') }, 2),
      ],
    });
    expect(answer).toBe('Similar to Rabbit Night Light: Chilli Lights (£5.75).');
    expect(products).toEqual([expect.objectContaining({ productId: '79321', why: 'Similar to Rabbit Night Light', intent: 'similar' })]);
  });

  it('says so when nothing could be answered', () => {
    const none = composer.compose({ outcome: outcome(['search']), calls: [call('search_products', { query: 'x' }, { error: { code: 'UNAVAILABLE', message: 'x' } })] });
    expect(none.answer).toBe("Sorry, I could not get an answer just now.\n\nI couldn't reach the product search just now.");
  });

  it('title-cases shop descriptions', () => {
    expect(title("PAPER CHAIN KIT 50'S CHRISTMAS ")).toBe("Paper Chain Kit 50's Christmas");
    expect(title('RED WOOLLY HOTTIE WHITE HEART.')).toBe('Red Woolly Hottie White Heart');
  });

  describe('order history', () => {
    it('answers "last order" with the products of the most recent purchase, skipping a newer cancellation and postage', () => {
      const { answer, products } = composer.compose({ outcome: outcome(['orders']), calls: [history(3)].map((c) => ({ ...c, args: { limit: 1 } })) });
      expect(answer).toBe('Your most recent order (1 Dec 2011): 2 × Red Retrospot Teapot (£3.95 each), 6 × Blue Polkadot Mug (£2.95 each). You also returned Blue Polkadot Mug.');
      expect(answer).not.toMatch(/580000|C580001|-£|£-|Postage/);
      expect(products).toEqual([]);
    });

    it('lists the most recent order first, then what was bought before, with returns marked as returns', () => {
      const { answer } = composer.compose({ outcome: outcome(['orders']), calls: [history(3)] });
      expect(answer).toBe(
        'Your most recent order (1 Dec 2011): 2 × Red Retrospot Teapot (£3.95 each), 6 × Blue Polkadot Mug (£2.95 each). ' +
          'Before that you bought Hanging Jam Jar T-Light Lantern (£4.25). You also returned Blue Polkadot Mug.',
      );
    });

    it('leaves out an unflagged order line that another result of the turn marked as not recommendable', () => {
      const search = call('search_products', { query: 'postage' }, { data: scored([POSTAGE], 'search') });
      const { answer } = composer.compose({ outcome: outcome(['orders', 'search']), calls: [history(2, ORDERS), search] });
      expect(answer).toBe('Your most recent order (1 Dec 2011): 2 × Red Retrospot Teapot (£3.95 each), 6 × Blue Polkadot Mug (£2.95 each). You also returned Blue Polkadot Mug.\n\nI found nothing for "postage".');
    });

    it('gives staff the invoice number', () => {
      const { answer } = composer.compose({ outcome: outcome(['orders']), calls: [history(2)], audience: 'staff' });
      expect(answer).toMatch(/^Most recent order 580000 \(1 Dec 2011\): 2 × Red Retrospot Teapot/);
    });

    it('says a history of only returns has nothing bought to show, with no negative total', () => {
      const { answer } = composer.compose({ outcome: outcome(['orders']), calls: [history(1)] });
      expect(answer).toBe('Your most recent order was a return (Blue Polkadot Mug). Ask for your orders to see what was bought before it.');
      const all = composer.compose({ outcome: outcome(['orders']), calls: [{ ...history(1), args: { limit: 5 } }] });
      expect(all.answer).toBe('Your recent orders were returns (Blue Polkadot Mug), so there is nothing bought to show.');
    });
  });

  describe('segments', () => {
    it('tells a customer what the shop offers them, never the internal label', () => {
      const { answer } = composer.compose({ outcome: outcome(['segment']), calls: [segment] });
      expect(answer).toBe(
        'You\'ve been one of our most loyal customers, and we\'d love to see you back: we\'ve got picks chosen just for you. Ask me "what should I buy next?" to see them.',
      );
      expect(answer).not.toMatch(/cannot|segment|rfm/i);
    });

    it('drops the offer when the same turn shows the picks', () => {
      const picks = call('get_recommendations', { k: 5 }, { data: scored([LANTERN], 'model') });
      const { answer } = composer.compose({ outcome: outcome(['segment', 'recommend']), calls: [segment, picks] });
      expect(answer.split('\n\n')).toEqual([
        "You've been one of our most loyal customers, and we'd love to see you back: we've got picks chosen just for you.",
        'Picked for you: Hanging Jam Jar T-Light Lantern (£4.25).',
      ]);
    });

    it('shows staff the label with its meaning and figures', () => {
      const { answer } = composer.compose({ outcome: outcome(['segment']), calls: [segment], audience: 'staff' });
      expect(answer).toBe('Customer 17850 is in the "cannot lose" segment: last order 200 days ago, 40 orders, £5,200.00 spent.');
    });
  });

  it('answers an unsupported message honestly with what it can do and an example, once', () => {
    const { answer } = composer.compose({ outcome: outcome(['unsupported'], { answer: 'Sorry, I did not catch that.' }), calls: [] });
    expect(answer).toBe(UNSUPPORTED_ANSWER);
    expect(answer).toMatch(/I can help in English with: .*For example, try "a teapot under £10"\.$/);
  });

  it('answers a shipping question without guessing a status, offering the last order', () => {
    const { answer } = composer.compose({ outcome: outcome(['order-shipping']), calls: [history(3)] });
    expect(answer).toBe(
      `${SHIPPING_ANSWER} Your most recent order (1 Dec 2011): 2 × Red Retrospot Teapot (£3.95 each), 6 × Blue Polkadot Mug (£2.95 each). ` +
        'You also returned Blue Polkadot Mug. I can find more like any of them, or things often bought with them.',
    );
    const twice = composer.compose({ outcome: outcome(['order-shipping', 'order-shipping']), calls: [history(3)] });
    expect(twice.answer).toBe(answer);
    const anonymous = composer.compose({ outcome: outcome(['order-shipping'], { notes: ['Sign in to see your own orders, profile and segment.'] }), calls: [] });
    expect(anonymous.answer).toBe(`Sign in to see your own orders, profile and segment.\n\n${SHIPPING_ANSWER}`);
  });

  it('never names or lists a non-recommendable product, in results or in order lines', () => {
    const search = call('search_products', { query: 'next' }, { data: scored([CARRIAGE, MUG, POSTAGE, TEAPOT], 'search') });
    const lookup = call('get_product', { productId: 'POST' }, { data: POSTAGE });
    const { answer, products } = composer.compose({ outcome: outcome(['search', 'product']), calls: [search, lookup] });
    expect(answer).toBe('For "next": Blue Polkadot Mug (£2.95), Red Retrospot Teapot (£3.95).\n\nPOST is not something I can suggest.');
    expect(products.map((p) => p.productId)).toEqual([MUG.productId, TEAPOT.productId]);
  });

  it('answers every intent of a compound message in order, one paragraph each, with cards saying why', () => {
    // The history call ran first, but the message asked for the teapot first.
    const calls = [history(1 + 1), call('search_products', { query: 'teapot', maxPrice: 10 }, { data: scored([TEAPOT], 'search') })];
    const { answer, products, sections } = composer.compose({ outcome: outcome(['search', 'orders', 'unsupported']), calls });
    expect(sections.map((s) => s.intent)).toEqual(['search', 'orders', 'unsupported']);
    expect(answer.split('\n\n')).toEqual([
      'For "teapot" under £10.00: Red Retrospot Teapot (£3.95).',
      'Your most recent order (1 Dec 2011): 2 × Red Retrospot Teapot (£3.95 each), 6 × Blue Polkadot Mug (£2.95 each). You also returned Blue Polkadot Mug.',
      UNSUPPORTED_ANSWER,
    ]);
    expect(products).toEqual([expect.objectContaining({ productId: TEAPOT.productId, reason: 'search', why: 'Matches "teapot" under £10.00', intent: 'search' })]);
  });

  describe('an LLM text under the answer rules', () => {
    it('keeps a planner text and adds notes and unmentioned failures', () => {
      const { answer } = composer.compose({
        outcome: { intents: ['orders'], notes: ['I can only show your own account.'] },
        plannerText: 'Here you go.',
        calls: [call('get_purchase_history', {}, { error: { code: 'FORBIDDEN', message: 'no' } })],
      });
      expect(answer).toBe("I can only show your own account.\n\nHere you go. I can't show that from the order history: it is not available to you.");
    });

    it('replaces an invoice list and a negative total with the products, and a segment label with the offer', () => {
      const text =
        'Your last orders: 580000 (£43.60), C580001 (-£5.90).\nYou are in the "cannot lose" segment.\nHappy shopping!';
      const { answer } = composer.compose({ outcome: outcome(['orders', 'segment']), plannerText: text, calls: [history(3), segment] });
      expect(answer.split('\n\n')).toEqual([
        'Happy shopping!',
        expect.stringMatching(/^Your most recent order \(1 Dec 2011\): 2 × Red Retrospot Teapot/),
        expect.stringMatching(/^You've been one of our most loyal customers/),
      ]);
      expect(answer).not.toMatch(/580000|cannot lose|-£/);
    });

    it('keeps labels and invoices for staff but still drops non-recommendable products', () => {
      const search = call('search_products', { query: 'mug' }, { data: scored([POSTAGE, MUG], 'search') });
      const text = 'Customer is in the "cannot lose" segment; invoice 580000. Try Postage (£18.00). Or the Blue Polkadot Mug (£2.95).';
      const { answer, products } = composer.compose({ outcome: outcome(['search', 'segment']), plannerText: text, calls: [search, segment], audience: 'staff' });
      expect(answer).toBe('Customer is in the "cannot lose" segment; invoice 580000. Or the Blue Polkadot Mug (£2.95).');
      expect(products.map((p) => p.productId)).toEqual([MUG.productId]);
    });

    it('composes from the calls when the rules leave nothing of the text', () => {
      const { answer } = composer.compose({ outcome: outcome(['segment']), plannerText: 'Your segment is cannot_lose.', calls: [segment] });
      expect(answer).toMatch(/^You've been one of our most loyal customers/);
    });
  });
});
