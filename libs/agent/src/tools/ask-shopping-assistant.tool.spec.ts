import { createShopTools } from '../__fixtures__/shop-tools';
import { createHybridAgentFactory } from '../agent/hybrid-agent-factory';
import { InMemorySessionStore } from '../memory/in-memory-session-store';
import { askShoppingAssistantTool, ASK_SHOPPING_ASSISTANT } from './ask-shopping-assistant.tool';
import { createEnhancedTools } from './enhanced-tools';

function setup() {
  const shop = createShopTools();
  const createAgent = createHybridAgentFactory({ registry: shop.registry, sessionStore: new InMemorySessionStore(), turnDeadlineMs: 2_000 });
  shop.registry.register(askShoppingAssistantTool(createAgent, 5_000));
  return shop;
}

describe('ask_shopping_assistant tool', () => {
  it('drives the agent through the registry and keeps the session', async () => {
    const shop = setup();
    const caller = { kind: 'customer' as const, customerId: '17850' };
    const first = await shop.registry.invoke<{ sessionId: string; answer: string; toolCalls: { name: string }[] }>(
      ASK_SHOPPING_ASSISTANT,
      { message: 'recommend me something under 5 pounds' },
      { caller },
    );
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.data.toolCalls.map((c) => c.name)).toContain('get_recommendations');
    expect(first.data.answer.length).toBeGreaterThan(0);

    const followUp = await shop.registry.invoke(ASK_SHOPPING_ASSISTANT, { message: 'cheaper ones', sessionId: first.data.sessionId }, { caller });
    expect(followUp.ok).toBe(true);
  });

  it('answers with intents, paragraphs and cards saying why; a staff key acting for a customer sees the segment label', async () => {
    const shop = setup();
    type Answer = { answer: string; intents: string[]; sections: { intent: string }[]; products: { why?: string }[]; planner: string };
    const asCustomer = await shop.registry.invoke<Answer>(ASK_SHOPPING_ASSISTANT, { message: 'what kind of customer am I and what should I buy' }, {
      caller: { kind: 'customer', customerId: '17850' },
    });
    if (!asCustomer.ok) throw new Error(asCustomer.error.message);
    expect(asCustomer.data.intents.sort()).toEqual(['recommend', 'segment']);
    expect(asCustomer.data.sections.map((s) => s.intent).sort()).toEqual(['recommend', 'segment']);
    expect(asCustomer.data.answer).toContain("You're one of our very best customers");
    expect(asCustomer.data.answer).not.toMatch(/champions/);
    expect(asCustomer.data.products[0].why).toBe('Picked for you from what you have bought');

    const asStaff = await shop.registry.invoke<Answer>(ASK_SHOPPING_ASSISTANT, { message: 'what kind of customer am I', userId: '17850' }, {
      caller: { kind: 'service', keyId: 'crm' },
    });
    if (!asStaff.ok) throw new Error(asStaff.error.message);
    expect(asStaff.data.answer).toMatch(/^Customer 17850 is in the "champions" segment/);
  });

  it('lets a customer chat only as themselves', async () => {
    const shop = setup();
    const result = await shop.registry.invoke(
      ASK_SHOPPING_ASSISTANT,
      { message: 'show my orders', userId: '12345' },
      { caller: { kind: 'customer', customerId: '17850' } },
    );
    expect(!result.ok && result.error.code).toBe('FORBIDDEN');
    expect(shop.calls.filter((c) => c.input['userId'] === '12345')).toEqual([]);
  });

  it('is not among the tools the agent itself can call', () => {
    const shop = setup();
    expect(shop.registry.has(ASK_SHOPPING_ASSISTANT)).toBe(true);
    expect(createEnhancedTools({ registry: shop.registry, userId: '17850' }).names()).not.toContain(ASK_SHOPPING_ASSISTANT);
  });
});
