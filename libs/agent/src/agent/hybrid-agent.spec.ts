import type { ChatMessage, ChatRepository, ChatSession, NewChatMessage } from '@reco/data';
import { createShopTools, type ShopTools, type ToolBehaviour } from '../__fixtures__/shop-tools';
import { ChatRepositorySessionStore } from '../memory/chat-repository-session-store';
import { InMemorySessionStore } from '../memory/in-memory-session-store';
import { SessionAccessError, type SessionStore } from '../memory/session-store';
import type { SessionCache } from '../memory/session-memory';
import { createEnhancedTools } from '../tools/enhanced-tools';
import type { AgentEvent } from './agent-events';
import { createHybridAgentFactory, type HybridAgentFactoryOptions } from './hybrid-agent-factory';

const ME = '17850';

function factory(shop: ShopTools, extra: Partial<HybridAgentFactoryOptions> = {}) {
  return createHybridAgentFactory({ registry: shop.registry, sessionStore: new InMemorySessionStore(), turnDeadlineMs: 2_000, ...extra });
}

describe('HybridAgent (rules)', () => {
  it('runs the independent calls of a compound message at once and names what it found', async () => {
    const shop = createShopTools({ get_user_segment: { delayMs: 150 }, get_recommendations: { delayMs: 150 } });
    const agent = factory(shop)({ sessionId: 's', userId: ME });
    const result = await agent.chat('recommend me something for under 5 pounds and show my segment');
    // In the message's order.
    expect(result.toolCalls.map((c) => [c.name, c.ok])).toEqual([
      ['get_recommendations', true],
      ['get_user_segment', true],
    ]);
    // Both started before either ended: they ran at once.
    expect(shop.timeline.slice(0, 2).sort()).toEqual(['start get_recommendations', 'start get_user_segment']);
    expect(result.timings.slowestToolMs).toBeGreaterThanOrEqual(140);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.toolsWallMs);
    // One paragraph per request, in the message's order; the segment in the shop's words, not its label.
    expect(result.answer.split('\n\n')).toEqual([
      'Picked for you under £5.00: Red Woolly Hottie White Heart (£3.75), Party Bunting (£4.95), Rabbit Night Light (£2.08), Jumbo Bag Red Retrospot (£2.08), Paper Chain Kit 50\'s Christmas (£2.95).',
      "You're one of our very best customers, thank you! We keep new arrivals and picks chosen for you here.",
    ]);
    expect(result.products.map((p) => p.productId)).toEqual(['84029E', '47566', '23084', '85099B', '22086']);
    expect(result.planner).toBe('rules');
  });

  it('answers with the other results when one tool throws and one exceeds its timeout', async () => {
    const behaviour: Record<string, ToolBehaviour> = {
      get_user_segment: { fail: 'segment store offline' },
      get_popular_products: { delayMs: 1_000, timeoutMs: 60 },
      get_recommendations: { delayMs: 20 },
    };
    const agent = factory(createShopTools(behaviour))({ sessionId: 's', userId: ME });
    const started = performance.now();
    const result = await agent.chat("recommend me something under £5, show my segment and what's popular in France");
    expect(performance.now() - started).toBeLessThan(900); // the late tool alone would take 1 s
    const byName = Object.fromEntries(result.toolCalls.map((c) => [c.name, c]));
    expect(byName['get_recommendations'].ok).toBe(true);
    expect(byName['get_user_segment'].error?.code).toBe('TOOL_FAILED');
    expect(byName['get_popular_products'].error?.code).toBe('TIMEOUT');
    expect(result.answer).toMatch(/Picked for you under £5.00: Red Woolly Hottie/);
    expect(result.answer).toContain("I couldn't reach the segment service just now.");
    expect(result.answer).toContain('The best-seller list took too long to answer, so that part is missing.');
    expect(result.products).toHaveLength(5);
  });

  it('ends calls still running at the turn deadline and still answers', async () => {
    const shop = createShopTools({ get_user_segment: { delayMs: 1_000 }, get_recommendations: { delayMs: 10 } });
    const agent = factory(shop, { turnDeadlineMs: 100 })({ sessionId: 's', userId: ME });
    const result = await agent.chat('what should I buy and what is my segment');
    expect(result.timings.toolsWallMs).toBeLessThan(900); // the late tool alone would take 1 s
    expect(result.toolCalls.find((c) => c.name === 'get_user_segment')?.error?.code).toBe('TIMEOUT');
    expect(result.toolCalls.find((c) => c.name === 'get_recommendations')?.ok).toBe(true);
    expect(result.answer).toContain('segment service took too long');
  });

  it("never reaches another customer's data, whatever the message says", async () => {
    const shop = createShopTools();
    const agent = factory(shop)({ sessionId: 's', userId: ME });
    for (const message of ['show me the orders of customer 12345', 'what kind of customer is user 12345', 'my orders', 'recommend me something']) {
      await agent.chat(message);
    }
    expect(shop.calls.every((c) => c.input['userId'] === undefined || c.input['userId'] === ME)).toBe(true);
    expect(shop.calls.every((c) => c.caller.kind === 'customer' && c.caller.customerId === ME)).toBe(true);
    const refused = await agent.chat('show me the orders of customer 12345');
    expect(refused.toolCalls).toEqual([]);
    expect(refused.answer).toMatch(/only show your own account/);
  });

  it('continues a session across agent instances (another process) through the store', async () => {
    const shop = createShopTools();
    const store = new InMemorySessionStore();
    const first = factory(shop, { sessionStore: store })({ sessionId: 'conv-1', userId: ME });
    const shown = await first.chat('hanging heart under £10');
    expect(shown.products.map((p) => p.productId)).toEqual(['21733', '85123A', '84029E']);

    const second = factory(shop, { sessionStore: store })({ sessionId: 'conv-1', userId: ME });
    const cheaper = await second.chat('cheaper ones');
    expect(cheaper.toolCalls[0]).toMatchObject({ name: 'search_products', args: { query: 'hanging heart', maxPrice: 2.94 } });
    const similar = await second.chat('more like the second one');
    expect(similar.toolCalls[0]).toMatchObject({ name: 'get_similar_products', args: { productId: '85123A' } });
  });

  it("refuses another customer's session", async () => {
    const store = new InMemorySessionStore();
    const shop = createShopTools();
    await factory(shop, { sessionStore: store })({ sessionId: 'conv-2', userId: '12345' }).chat('my orders');
    await expect(factory(shop, { sessionStore: store })({ sessionId: 'conv-2', userId: ME }).chat('my orders')).rejects.toBeInstanceOf(SessionAccessError);
  });

  it('reads memory through the cache and drops the entry after each turn', async () => {
    const entries = new Map<string, unknown>();
    const ops: string[] = [];
    const cache: SessionCache = {
      async getOrLoad<T>(key: string, loader: () => Promise<T>) {
        ops.push(`get ${key}`);
        if (!entries.has(key)) entries.set(key, await loader());
        return entries.get(key) as T;
      },
      async delete(key) {
        ops.push(`delete ${key}`);
        entries.delete(key);
      },
    };
    const agent = factory(createShopTools(), { sessionCache: cache })({ sessionId: 'c', userId: ME });
    await agent.chat('bunting');
    await agent.chat('cheaper ones');
    expect(ops).toEqual(['get agent:session:c:17850', 'delete agent:session:c:17850', 'get agent:session:c:17850', 'delete agent:session:c:17850']);
  });

  it('streams plan, tool_start, tool_end and answer events in order', async () => {
    const shop = createShopTools({ get_user_segment: { delayMs: 30 }, get_recommendations: { delayMs: 5 } });
    const agent = factory(shop)({ sessionId: 's', userId: ME });
    const events: AgentEvent[] = [];
    for await (const event of agent.chatStream('what should I buy and what is my segment')) events.push(event);
    expect(events.map((e) => (e.type === 'tool_start' || e.type === 'tool_end' ? `${e.type}:${e.name}` : e.type))).toEqual([
      'plan',
      'tool_start:get_recommendations',
      'tool_start:get_user_segment',
      'tool_end:get_recommendations',
      'tool_end:get_user_segment',
      'answer',
    ]);
    const answer = events.at(-1);
    expect(answer?.type === 'answer' && answer.result.toolCalls).toHaveLength(2);
  });

  it('answers greetings without tools and stores turns in order', async () => {
    const store = new InMemorySessionStore();
    const agent = factory(createShopTools(), { sessionStore: store })({ sessionId: 'g', userId: ME });
    const [hello, bunting] = await Promise.all([agent.chat('hi'), agent.chat('party bunting')]);
    expect(hello.toolCalls).toEqual([]);
    expect(hello.answer).toMatch(/^Hello!/);
    expect(bunting.products[0].productId).toBe('47566');
    expect((await store.loadTurns('g', { customerId: ME, limit: 10 })).map((t) => t.message)).toEqual(['hi', 'party bunting']);
  });

  it('stops the turn when the caller aborts', async () => {
    const agent = factory(createShopTools({ search_products: { delayMs: 500 } }))({ sessionId: 's', userId: ME });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('client went away')), 30);
    await expect(agent.chat('bunting', { signal: controller.signal })).rejects.toThrow('client went away');
  });
});

describe('createEnhancedTools', () => {
  it('binds userId and the caller, and hides userId from the LLM schemas', async () => {
    const shop = createShopTools();
    const tools = createEnhancedTools({ registry: shop.registry, userId: ME });
    const result = await tools.invoke<{ orders: unknown[] }>('get_purchase_history', { userId: '12345', limit: 1 });
    expect(result.ok).toBe(true);
    expect(shop.calls[0]).toMatchObject({ input: { userId: ME }, caller: { kind: 'customer', customerId: ME } });
    const schema = tools.openAiTools().find((t) => t.function.name === 'get_recommendations')?.function.parameters;
    expect(schema?.['required']).toEqual(['k', 'excludePurchased', 'minPrice', 'maxPrice', 'excludeProductIds']);
    expect(tools.isUserBound('get_recommendations')).toBe(true);
    expect(tools.isUserBound('search_products')).toBe(false);
  });

  it('refuses customer tools to an anonymous shopper and a caller for someone else', async () => {
    const tools = createEnhancedTools({ registry: createShopTools().registry });
    const result = await tools.invoke('get_user_segment', {});
    expect(!result.ok && result.error.code).toBe('FORBIDDEN');
    expect(() => createEnhancedTools({ registry: createShopTools().registry, userId: ME, caller: { kind: 'customer', customerId: '12345' } })).toThrow();
  });
});

/** The data layer's ChatRepository contract, in memory. */
class MemoryChatRepository implements ChatRepository {
  sessions = new Map<string, ChatSession>();
  messages: ChatMessage[] = [];
  async ensureSession(id: string, customerId?: string | null) {
    const existing = this.sessions.get(id);
    if (existing) return existing;
    const session = { id, customerId: customerId ?? null, createdAt: new Date(), updatedAt: new Date() };
    this.sessions.set(id, session);
    return session;
  }
  async getSession(id: string) {
    return this.sessions.get(id) ?? null;
  }
  async appendMessages(sessionId: string, messages: readonly NewChatMessage[]) {
    const added = messages.map((m) => ({ ...m, id: this.messages.length + 1, sessionId, createdAt: new Date(), data: JSON.parse(JSON.stringify(m.data ?? null)) }));
    this.messages.push(...added);
    return added;
  }
  async recentMessages(sessionId: string, limit = 50) {
    return this.messages.filter((m) => m.sessionId === sessionId).slice(-limit);
  }
  async deleteSession(id: string) {
    this.sessions.delete(id);
  }
}

describe('ChatRepositorySessionStore', () => {
  it('stores a turn as a user and an assistant message and reads it back', async () => {
    const repo = new MemoryChatRepository();
    const store: SessionStore = new ChatRepositorySessionStore(repo);
    const shop = createShopTools();
    const agent = factory(shop, { sessionStore: store })({ sessionId: 'db-1', userId: ME });
    await agent.chat('heart holder');
    await agent.chat('more like the first one');
    expect(repo.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    const turns = await store.loadTurns('db-1', { customerId: ME, limit: 1 });
    expect(turns).toHaveLength(1);
    expect(turns[0]).toMatchObject({ message: 'more like the first one', planner: 'rules', toolCalls: [{ name: 'get_similar_products', args: { productId: '21733' } }] });
    await expect(store.loadTurns('db-1', { customerId: '12345', limit: 5 })).rejects.toBeInstanceOf(SessionAccessError);
  });
});
