import type { Caller } from '@reco/base-tools';
import { createAnswerShop, CARRIAGE, ME, MUG, POSTAGE, TEAPOT } from '../answer/__fixtures__/answer-shop';
import { SHIPPING_ANSWER, UNSUPPORTED_ANSWER } from '../answer/capabilities';
import { startScriptedLlm, textReply, toolCallReply, type ScriptedReply } from '../__fixtures__/scripted-llm-server';
import { InMemorySessionStore } from '../memory/in-memory-session-store';
import { SessionMemory } from '../memory/session-memory';
import type { ExecuteStep, PlannedCall, Planner, PlannerOutcome, PlannerTurn } from '../planner/planner';
import { ToolRunner } from '../runner/tool-runner';
import { createEnhancedTools } from '../tools/enhanced-tools';
import type { AgentEvent } from './agent-events';
import { HybridAgent } from './hybrid-agent';
import { createHybridAgentFactory } from './hybrid-agent-factory';

/** A planner that understood the message as these intents and calls (what the rule planner's table gives). */
class UnderstoodAs implements Planner {
  readonly kind = 'rules' as const;
  constructor(private readonly outcome: PlannerOutcome & { calls: PlannedCall[] }) {}
  async run(_turn: PlannerTurn, execute: ExecuteStep): Promise<PlannerOutcome> {
    if (this.outcome.calls.length) await execute(this.outcome.calls);
    return { intents: this.outcome.intents, notes: this.outcome.notes, answer: this.outcome.answer };
  }
}

function agentUnderstanding(outcome: PlannerOutcome & { calls: PlannedCall[] }, caller?: Caller): HybridAgent {
  const tools = createEnhancedTools({ registry: createAnswerShop(), userId: ME, caller });
  return new HybridAgent({
    sessionId: 's',
    userId: ME,
    rules: new UnderstoodAs(outcome),
    runner: new ToolRunner({ tools }),
    memory: new SessionMemory({ store: new InMemorySessionStore() }, 's', ME),
    audience: caller?.kind === 'service' ? 'staff' : 'customer',
    turnDeadlineMs: 2_000,
  });
}

const lastOrder: PlannedCall = { name: 'get_purchase_history', args: { limit: 3 } };

describe('answers a shop can show (real composer, real registry)', () => {
  it('"what did I buy last time?" (rule planner): the products of the most recent purchase, not invoices or a negative total', async () => {
    const create = createHybridAgentFactory({ registry: createAnswerShop(), sessionStore: new InMemorySessionStore(), turnDeadlineMs: 2_000 });
    const result = await create({ sessionId: 's', userId: ME }).chat('what did I buy last time?');
    expect(result.toolCalls.map((c) => c.name)).toEqual(['get_purchase_history']);
    // However many orders the planner asks for, products are named (the newest invoice is a return).
    expect(result.answer).toMatch(/^Your most recent order (\(1 Dec 2011\): 2 × Red Retrospot Teapot \(£3\.95 each\)|was a return \(Blue Polkadot Mug\))/);
    expect(result.answer).not.toMatch(/580000|C580001|-£/i);
  });

  it('"my last order" as the planner asks for it: the latest purchase only, past a newer return', async () => {
    const result = await agentUnderstanding({ intents: ['last-order'], notes: [], calls: [lastOrder] }).chat('show me my last order');
    // Order lines carry no `recommendable` flag yet (the order schema has none), so postage is not tested here.
    expect(result.answer).toMatch(/^Your most recent order \(1 Dec 2011\): 2 × Red Retrospot Teapot \(£3\.95 each\), .*6 × Blue Polkadot Mug \(£2\.95 each\)\. You also returned Blue Polkadot Mug\.$/);
    expect(result.answer).not.toMatch(/Hanging Jam Jar|570000|580000/);
  });

  it('"what kind of customer am I?": the offer for a customer, the label for a staff key', async () => {
    const create = createHybridAgentFactory({ registry: createAnswerShop(), sessionStore: new InMemorySessionStore(), turnDeadlineMs: 2_000 });
    const customer = await create({ sessionId: 'c', userId: ME }).chat('what kind of customer am I?');
    expect(customer.answer).toMatch(/^You've been one of our most loyal customers/);
    expect(customer.answer).not.toMatch(/cannot|segment/i);
    const staff = await create({ sessionId: 'st', userId: ME, caller: { kind: 'service', keyId: 'k1' } }).chat('what kind of customer am I?');
    expect(staff.answer).toBe(
      'Customer 17850 is in the "cannot lose" segment (Used to buy very often, not for a long time): last order 200 days ago, 40 orders, £5,200.00 spent.',
    );
  });

  it('an unsupported message gets what the assistant can do, in English, with no tool call', async () => {
    const result = await agentUnderstanding({ intents: ['unsupported'], notes: [], calls: [] }).chat('¿Tienen tazas baratas?');
    expect(result.answer).toBe(UNSUPPORTED_ANSWER);
    expect(result.toolCalls).toEqual([]);
    expect(result.sections).toEqual([{ intent: 'unsupported', text: UNSUPPORTED_ANSWER }]);
  });

  it('a shipping question is answered honestly and offers the last order', async () => {
    const result = await agentUnderstanding({ intents: ['order-shipping'], notes: [], calls: [lastOrder] }).chat('where is my parcel?');
    expect(result.answer.startsWith(SHIPPING_ANSWER)).toBe(true);
    expect(result.answer).toMatch(/ Your most recent order \(1 Dec 2011\): 2 × Red Retrospot Teapot \(£3\.95 each\), .*I can find more like any of them/);
    expect(result.answer).not.toMatch(/shipped|dispatched|on its way|580000/i);
  });

  it('a compound message gets a paragraph per intent in order, and cards with their reason; nothing non-recommendable', async () => {
    const result = await agentUnderstanding({
      intents: ['search', 'orders', 'recommend'],
      notes: [],
      calls: [
        { name: 'search_products', args: { query: 'teapot', maxPrice: 10, limit: 5 } },
        lastOrder,
        { name: 'get_recommendations', args: { k: 5 } },
      ],
    }).chat('a teapot under £10, show me my last order and what should I buy next?');
    const paragraphs = result.answer.split('\n\n');
    expect(result.sections?.map((s) => s.intent)).toEqual(['search', 'orders', 'recommend']);
    expect(paragraphs).toHaveLength(3);
    expect(paragraphs[0]).toBe('For "teapot" under £10.00: Blue Polkadot Mug (£2.95), Red Retrospot Teapot (£3.95).');
    expect(paragraphs[1]).toMatch(/^Your most recent order/);
    expect(paragraphs[2]).toBe('Picked for you: Hanging Jam Jar T-Light Lantern (£4.25), Red Retrospot Teapot (£3.95).');
    expect(result.products.map((p) => [p.productId, p.why, p.intent])).toEqual([
      [MUG.productId, 'Matches "teapot" under £10.00', 'search'],
      [TEAPOT.productId, 'Matches "teapot" under £10.00', 'search'],
      ['71459', 'Picked for you from what you have bought', 'recommend'],
    ]);
    expect(result.products.map((p) => p.productId)).not.toContain(POSTAGE.productId);
    expect(result.products.map((p) => p.productId)).not.toContain(CARRIAGE.productId);
  });
});

describe('answers a shop can show, with the LLM planner (scripted chat-completions server)', () => {
  let server: Awaited<ReturnType<typeof startScriptedLlm>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function llmAgent(replies: ScriptedReply[], caller?: Caller) {
    server = await startScriptedLlm(replies);
    const create = createHybridAgentFactory({
      registry: createAnswerShop(),
      sessionStore: new InMemorySessionStore(),
      llm: { baseUrl: server.baseUrl, model: 'test-model', timeoutMs: 2_000 },
      turnDeadlineMs: 2_000,
    });
    return create({ sessionId: 'l', userId: ME, caller });
  }

  it('strips invoice lists, negative totals and segment labels from the model text and puts the shop wording back', async () => {
    const agent = await llmAgent([
      toolCallReply([{ name: 'get_purchase_history', args: { limit: 3 } }, { name: 'get_user_segment', args: {} }]),
      textReply('Your orders: 580000 (£43.60) and C580001 (-£5.90).\nYou are in our cannot_lose segment.\nAnything else?'),
    ]);
    const result = await agent.chat('my last order and what kind of customer am I');
    expect(result.planner).toBe('llm');
    expect(result.intents).toEqual(['orders', 'segment']);
    expect(result.answer).not.toMatch(/580000|C580001|-£|cannot|segment/i);
    expect(result.answer.split('\n\n')).toEqual([
      'Anything else?',
      expect.stringMatching(/^Your most recent order \(1 Dec 2011\): 2 × Red Retrospot Teapot/),
      expect.stringMatching(/^You've been one of our most loyal customers/),
    ]);
    // The system prompt carries the same rules, so a well-behaved model never needs the filter.
    expect(server?.requests[0].body.messages[0].content).toMatch(/never invoice numbers.*segment label.*delivery/s);
  });

  it('drops a non-recommendable product from the model text and from the cards', async () => {
    const agent = await llmAgent([
      toolCallReply([{ name: 'search_products', args: { query: 'next', limit: 5 } }]),
      textReply('Try Next Day Carriage (£15.00). The Blue Polkadot Mug (£2.95) is lovely.'),
    ]);
    const result = await agent.chat('what should I buy next');
    expect(result.answer).toBe('The Blue Polkadot Mug (£2.95) is lovely.');
    expect(result.products.map((p) => p.productId)).toEqual([MUG.productId, TEAPOT.productId]);
    expect(result.products[0].why).toBe('Matches "next"');
  });

  it('keeps the fallback visible: a fallback event, planner rules and the reason in the result', async () => {
    const agent = await llmAgent([{ status: 500, body: { error: { message: 'overloaded' } } }]);
    const events: AgentEvent[] = [];
    const result = await agent.chat('my last order', { onEvent: (e) => events.push(e) });
    expect(result.planner).toBe('rules');
    expect(result.fallbackReason).toMatch(/HTTP 500/);
    expect(events.find((e) => e.type === 'fallback')).toEqual({ type: 'fallback', from: 'llm', to: 'rules', reason: result.fallbackReason });
    expect(events.filter((e) => e.type === 'plan').map((e) => e.type === 'plan' && e.planner)).toEqual(['rules']);
    expect(result.answer).toMatch(/^Your most recent order/);
    expect(result.answer).not.toMatch(/C580001|-£/);
  });
});
