import { CATALOGUE } from '../__fixtures__/shop-tools';
import type { ExecutedCall } from '../planner/planner';
import { AnswerComposer, title } from './answer-composer';

const items = (ids: string[], reason: string) => ({
  items: CATALOGUE.filter((p) => ids.includes(p.productId)).map((p) => ({ ...p, score: 1, reason })),
});
const call = (name: string, args: Record<string, unknown>, result: { data?: unknown; error?: ExecutedCall['error'] }, step = 1): ExecutedCall => ({
  id: `${name}-${step}`,
  name,
  args,
  step,
  ms: 10,
  ok: !result.error,
  ...result,
});
const outcome = { intents: [], notes: [] };

describe('AnswerComposer', () => {
  const composer = new AnswerComposer();

  it('names up to five products per result, deduplicates the list, and names failed tools', () => {
    const { answer, products } = composer.compose({
      outcome,
      calls: [
        call('search_products', { query: 'heart', maxPrice: 5 }, { data: items(['85123A', '21733', '84029E'], 'search') }),
        call('get_recommendations', { k: 5 }, { data: items(['85123A', '22423', '47566', '23084', '85099B', '22086', '84879'], 'model') }),
        call('get_user_segment', {}, { error: { code: 'TOOL_FAILED', message: 'x' } }),
        call('get_popular_products', { k: 5 }, { error: { code: 'TIMEOUT', message: 'x' } }),
      ],
    });
    expect(answer).toBe(
      'For "heart" under £5.00: White Hanging Heart T-Light Holder (£2.95), Red Hanging Heart T-Light Holder (£2.95), Red Woolly Hottie White Heart (£3.75). ' +
        'Picked for you: White Hanging Heart T-Light Holder (£2.95), Regency Cakestand 3 Tier (£12.75), Party Bunting (£4.95), Rabbit Night Light (£2.08), Jumbo Bag Red Retrospot (£2.08) and 2 more. ' +
        "I couldn't reach the segment service just now. The best-seller list took too long to answer, so that part is missing.",
    );
    expect(products.map((p) => p.productId)).toEqual(['85123A', '21733', '84029E', '22423', '47566', '23084', '85099B', '22086', '84879']);
  });

  it('hides a name lookup whose top hit a later step used', () => {
    const { answer, products } = composer.compose({
      outcome,
      calls: [
        call('search_products', { query: 'rabbit night light', limit: 1 }, { data: items(['23084'], 'search') }),
        call('get_similar_products', { productId: '23084', k: 5 }, { data: items(['79321'], 'similar-to:23084') }, 2),
      ],
    });
    expect(answer).toBe('Similar to Rabbit Night Light: Chilli Lights (£5.75).');
    expect(products.map((p) => p.productId)).toEqual(['79321']);
  });

  it('keeps a planner text and adds notes and unmentioned failures', () => {
    const { answer } = composer.compose({
      outcome: { intents: [], notes: ['I can only show your own account.'] },
      plannerText: 'Here you go.',
      calls: [call('get_purchase_history', {}, { error: { code: 'FORBIDDEN', message: 'no' } })],
    });
    expect(answer).toBe("I can only show your own account. Here you go. I can't show that from the order history: it is not available to you.");
  });

  it('describes orders, and says so when nothing could be answered', () => {
    const orders = composer.compose({
      outcome,
      calls: [
        call('get_purchase_history', { limit: 1 }, {
          data: { orders: [{ invoiceNo: '536365', time: '2010-12-01T08:26:00Z', total: 15.3, lines: [{ description: 'WHITE HANGING HEART T-LIGHT HOLDER', quantity: 6 }] }] },
        }),
      ],
    });
    expect(orders.answer).toBe('Your last order, 536365 on 1 Dec 2010: 6 x White Hanging Heart T-Light Holder, £15.30 in total.');
    const none = composer.compose({ outcome, calls: [call('search_products', { query: 'x' }, { error: { code: 'UNAVAILABLE', message: 'x' } })] });
    expect(none.answer).toBe("Sorry, I could not get an answer just now. I couldn't reach the product search just now.");
  });

  it('title-cases shop descriptions', () => {
    expect(title("PAPER CHAIN KIT 50'S CHRISTMAS ")).toBe("Paper Chain Kit 50's Christmas");
    expect(title('RED WOOLLY HOTTIE WHITE HEART.')).toBe('Red Woolly Hottie White Heart');
  });
});
