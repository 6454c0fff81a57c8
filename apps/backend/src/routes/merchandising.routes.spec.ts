import { DatabaseUnavailableError } from '@reco/data';
import { ExperimentReports, MerchandisingAdmin, MerchandisingStore } from '@reco/recommendation-tools';
import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';
import { merchandisingAdminService } from '../services/merchandising-service';

type Issue = { field: string; in: string; message: string };
const issuesOf = async (res: Response): Promise<string[]> => ((await json(res)).error.details.issues as Issue[]).map((i) => `${i.in}:${i.field}`);

const HOUSE_BRAND = { name: 'house-brand', kind: 'boost', match: { tags: ['brand:house'] }, factor: 2 };
const TWO_ARMS = {
  name: 'model vs popular',
  placement: 'home',
  state: 'running',
  arms: [
    { name: 'popular', weight: 1, config: { strategy: 'popular' } },
    { name: 'model', weight: 1, config: {} },
  ],
};

describe('merchandising admin routes', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer({ database: true })));
  afterAll(() => server.close());

  // The service key writes (its name is "test-service"); the admin key is staff too.
  const staff = (p: string, init: Parameters<TestServer['call']>[1] = {}) => server.call(p, init);
  const admin = (p: string, init: Parameters<TestServer['call']>[1] = {}) => server.call(p, { as: server.adminKey, ...init });

  it('refuses customer tokens (403) and callers without a key (401) on every route, before any work', async () => {
    const token = (await server.tokens.issue('17850')).token;
    const routes: [string, string][] = [
      ['GET', '/api/admin/rules'],
      ['POST', '/api/admin/rules'],
      ['GET', '/api/admin/rules/rule-1'],
      ['PUT', '/api/admin/rules/rule-1'],
      ['DELETE', '/api/admin/rules/rule-1'],
      ['GET', '/api/admin/placements'],
      ['GET', '/api/admin/placements/home'],
      ['PUT', '/api/admin/placements/home'],
      ['GET', '/api/admin/experiments'],
      ['POST', '/api/admin/experiments'],
      ['GET', '/api/admin/experiments/exp-1'],
      ['PUT', '/api/admin/experiments/exp-1'],
      ['DELETE', '/api/admin/experiments/exp-1'],
      ['GET', '/api/admin/experiments/exp-1/report'],
      ['GET', '/api/admin/merchandising/changes'],
    ];
    for (const [method, p] of routes) {
      const refused = await server.call(p, { as: token, method, json: method === 'POST' || method === 'PUT' ? HOUSE_BRAND : undefined });
      expect([p, refused.status]).toEqual([p, 403]);
      expect([p, (await server.call(p, { as: null, method })).status]).toEqual([p, 401]);
    }
    expect((await staff('/api/admin/merchandising/changes')).status).toBe(200);
    expect(await json(await staff('/api/admin/rules'))).toEqual({ items: [] });
  });

  it('creates, reads, replaces and deletes a rule, answering who and when', async () => {
    const created = await staff('/api/admin/rules', { json: HOUSE_BRAND });
    expect(created.status).toBe(201);
    const rule = await json(created);
    expect(rule).toMatchObject({ ...HOUSE_BRAND, id: expect.stringMatching(/^rule-/), enabled: true, createdBy: 'test-service', updatedBy: 'test-service' });
    expect(Date.parse(rule.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(created.headers.get('location')).toBe(`/api/admin/rules/${rule.id}`);
    expect(await json(await staff(`/api/admin/rules/${rule.id}`))).toEqual(rule);
    expect((await json(await staff('/api/admin/rules'))).items.map((r: { id: string }) => r.id)).toContain(rule.id);

    const replaced = await admin(`/api/admin/rules/${rule.id}`, { method: 'PUT', json: { ...HOUSE_BRAND, factor: 3, enabled: false } });
    expect(replaced.status).toBe(200);
    expect(await json(replaced)).toMatchObject({ id: rule.id, factor: 3, enabled: false, createdBy: 'test-service', createdAt: rule.createdAt, updatedBy: 'test-admin' });

    const removed = await staff(`/api/admin/rules/${rule.id}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect(await removed.text()).toBe('');
    for (const [method, body] of [['GET', undefined], ['PUT', HOUSE_BRAND], ['DELETE', undefined]] as const) {
      const missing = await staff(`/api/admin/rules/${rule.id}`, { method, json: body });
      expect([method, missing.status]).toEqual([method, 404]);
      expect((await json(missing)).error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining(rule.id) });
    }
  });

  it('answers 400 naming each bad field of a rule, and stores nothing', async () => {
    const before = (await json(await staff('/api/admin/merchandising/changes'))).items.length;
    expect(await issuesOf(await staff('/api/admin/rules', { json: { name: 'boost without factor', kind: 'boost', match: {} } }))).toEqual(['body:factor']);
    expect(await issuesOf(await staff('/api/admin/rules', { json: { name: 'pin', kind: 'pin', match: { productIds: ['85123A'] } } }))).toEqual(['body:position']);
    const mixed = await staff('/api/admin/rules', { json: { name: '', kind: 'hide', match: { minPrice: 5, maxPrice: 1 } } });
    expect(mixed.status).toBe(400);
    const { error } = await json(mixed);
    expect(error.code).toBe('BAD_INPUT');
    expect((error.details.issues as Issue[]).map((i) => `${i.in}:${i.field}`).sort()).toEqual(['body:kind', 'body:match.minPrice', 'body:name']);
    expect(error.message).toMatch(/^Invalid request: /);
    expect(await issuesOf(await staff('/api/admin/rules', { json: { ...HOUSE_BRAND, id: 'mine' } }))).toEqual(['body:']);
    const hideAll = await staff('/api/admin/rules', { json: { name: 'hide all', kind: 'exclude', match: {} } });
    expect(hideAll.status).toBe(400);
    expect((await json(hideAll)).error.details.issues).toEqual([
      expect.objectContaining({ in: 'body', field: 'match', message: expect.stringContaining('an exclude rule with an empty match would hide every product') }),
    ]);
    expect((await json(await staff('/api/admin/merchandising/changes'))).items.length).toBe(before);
  });

  it('lists the built-in placements, configures one, creates one of the shop\'s own, and refuses unknown rules', async () => {
    const listed = (await json(await staff('/api/admin/placements'))).items as { name: string; strategy: string; builtIn: boolean }[];
    expect(listed.filter((p) => p.builtIn).map((p) => `${p.name}:${p.strategy}`).sort()).toEqual([
      'buy-again:buy-again',
      'cart:cart',
      'home:personal',
      'new-arrivals:new-arrivals',
      'product:product',
      'trending:trending',
    ]);
    expect(await json(await staff('/api/admin/placements/home'))).toMatchObject({ name: 'home', strategy: 'personal', k: 10, builtIn: true });

    const home = await staff('/api/admin/placements/home', { method: 'PUT', json: { strategy: 'personal', k: 6, diversity: { maxPerCategory: 2, mmr: 0.3 } } });
    expect(home.status).toBe(200);
    expect(await json(home)).toMatchObject({ name: 'home', k: 6, builtIn: true, diversity: { maxPerCategory: 2, mmr: 0.3 }, updatedBy: 'test-service' });

    const own = await staff('/api/admin/placements/summer-sale', { method: 'PUT', json: { strategy: 'trending', k: 4 } });
    expect(own.status).toBe(201);
    expect(own.headers.get('location')).toBe('/api/admin/placements/summer-sale');
    expect(await json(own)).toMatchObject({ name: 'summer-sale', strategy: 'trending', k: 4, builtIn: false, createdBy: 'test-service' });
    expect((await staff('/api/admin/placements/summer-sale', { method: 'PUT', json: { strategy: 'trending', k: 5 } })).status).toBe(200);

    expect((await staff('/api/admin/placements/winter-sale')).status).toBe(404);
    expect(await issuesOf(await staff('/api/admin/placements/Winter%20Sale', { method: 'PUT', json: { strategy: 'trending' } }))).toEqual(['path:name']);
    expect(await issuesOf(await staff('/api/admin/placements/home', { method: 'PUT', json: { strategy: 'everything', k: 0 } }))).toEqual(['body:strategy', 'body:k']);
    expect(await issuesOf(await staff('/api/admin/placements/home', { method: 'PUT', json: { strategy: 'personal', rules: ['rule-none'] } }))).toEqual(['body:rules.0']);
  });

  it('runs an experiment: created with its arms, its set-up frozen while it runs (409), stopped, reported, deleted', async () => {
    const created = await staff('/api/admin/experiments', { json: TWO_ARMS });
    expect(created.status).toBe(201);
    const experiment = await json(created);
    expect(experiment).toMatchObject({ ...TWO_ARMS, id: expect.stringMatching(/^exp-/), purchaseWindowHours: 168, createdBy: 'test-service' });
    expect(created.headers.get('location')).toBe(`/api/admin/experiments/${experiment.id}`);
    expect((await json(await staff('/api/admin/experiments'))).items.map((e: { id: string }) => e.id)).toContain(experiment.id);

    const input = { name: TWO_ARMS.name, placement: 'home', arms: TWO_ARMS.arms };
    const reweighted = await staff(`/api/admin/experiments/${experiment.id}`, {
      method: 'PUT',
      json: { ...input, state: 'running', arms: [{ ...TWO_ARMS.arms[0], weight: 3 }, TWO_ARMS.arms[1]] },
    });
    expect(reweighted.status).toBe(409);
    expect((await json(reweighted)).error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('running') });
    expect((await staff(`/api/admin/experiments/${experiment.id}`, { method: 'DELETE' })).status).toBe(409);

    const report = await json(await staff(`/api/admin/experiments/${experiment.id}/report`));
    expect(report).toMatchObject({ experiment: { id: experiment.id, control: 'popular', state: 'running' }, enoughData: false });
    expect(report.arms.map((a: { name: string }) => a.name)).toEqual(['popular', 'model']);
    expect(report.arms[0]).toMatchObject({
      exposures: 0,
      shoppers: 0,
      clicks: 0,
      ctr: { value: 0 },
      carts: 0,
      cartedLists: 0,
      cartRate: { value: 0, low: 0, high: 0 },
      purchases: 0,
      purchasedLists: 0,
      purchaseRate: { value: 0, low: 0, high: 0 },
      revenuePerShopper: { value: 0 },
    });
    expect(report.arms[1].vsControl).toMatchObject({ lift: null });
    expect(report).toMatchObject({ plannedExposuresPerArm: null, minimumDetectableLift: 0.1, minimumClickedListsPerArm: 100 });

    const stopped = await staff(`/api/admin/experiments/${experiment.id}`, { method: 'PUT', json: { ...input, state: 'stopped' } });
    expect(stopped.status).toBe(200);
    expect(await json(stopped)).toMatchObject({ state: 'stopped', createdAt: experiment.createdAt });
    // Stopped, its set-up stays: re-weighting (or a return to draft) is a new experiment.
    for (const change of [{ ...input, state: 'stopped', arms: [{ ...TWO_ARMS.arms[0], weight: 3 }, TWO_ARMS.arms[1]] }, { ...input, state: 'draft' }]) {
      const refused = await staff(`/api/admin/experiments/${experiment.id}`, { method: 'PUT', json: change });
      expect(refused.status).toBe(409);
      expect((await json(refused)).error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('create a new experiment') });
    }
    expect((await staff(`/api/admin/experiments/${experiment.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await staff(`/api/admin/experiments/${experiment.id}`)).status).toBe(404);
    expect((await staff(`/api/admin/experiments/${experiment.id}/report`)).status).toBe(404);
  });

  it("answers 409 naming the experiment for a change or deletion of a rule a running experiment's arm names", async () => {
    const rule = await json(await staff('/api/admin/rules', { json: HOUSE_BRAND }));
    const arms = [TWO_ARMS.arms[0], { name: 'model', weight: 1, config: { rules: [rule.id] } }];
    const experiment = await json(await staff('/api/admin/experiments', { json: { ...TWO_ARMS, name: 'house brand test', arms } }));
    for (const [method, body] of [['PUT', { ...HOUSE_BRAND, factor: 4 }], ['DELETE', undefined]] as const) {
      const refused = await staff(`/api/admin/rules/${rule.id}`, { method, json: body });
      expect([method, refused.status]).toEqual([method, 409]);
      expect((await json(refused)).error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(`running experiment "house brand test" (${experiment.id})`) });
    }
    expect(await json(await staff(`/api/admin/rules/${rule.id}`))).toMatchObject({ factor: 2 });
    await staff(`/api/admin/experiments/${experiment.id}`, { method: 'PUT', json: { ...TWO_ARMS, name: 'house brand test', arms, state: 'stopped' } });
    expect((await staff(`/api/admin/rules/${rule.id}`, { method: 'PUT', json: { ...HOUSE_BRAND, factor: 4 } })).status).toBe(200);
  });

  it('answers 400 naming the bad fields of an experiment', async () => {
    expect(await issuesOf(await staff('/api/admin/experiments', { json: { ...TWO_ARMS, arms: [TWO_ARMS.arms[0]] } }))).toEqual(['body:arms']);
    expect(await issuesOf(await staff('/api/admin/experiments', { json: { ...TWO_ARMS, control: 'nobody' } }))).toEqual(['body:control']);
    const badArm = { ...TWO_ARMS, arms: [TWO_ARMS.arms[0], { name: 'model', weight: 0, config: { rules: [] } }] };
    expect(await issuesOf(await staff('/api/admin/experiments', { json: badArm }))).toEqual(['body:arms.1.weight']);
    const unknownRule = { ...TWO_ARMS, arms: [TWO_ARMS.arms[0], { name: 'model', weight: 1, config: { rules: ['rule-none'] } }] };
    expect(await issuesOf(await staff('/api/admin/experiments', { json: unknownRule }))).toEqual(['body:arms.1.config.rules.0']);
  });

  it('shows the audit: who changed what and when, newest first, by kind and object', async () => {
    const rule = await json(await staff('/api/admin/rules', { json: { name: 'no-gift-cards', kind: 'exclude', match: { categories: ['Gift cards'] } } }));
    await admin(`/api/admin/rules/${rule.id}`, { method: 'PUT', json: { name: 'no-gift-cards', kind: 'exclude', match: { categories: ['Gift cards'] }, enabled: false } });
    const changes = (await json(await staff(`/api/admin/merchandising/changes?kind=rule&objectId=${rule.id}`))).items;
    expect(changes.map((c: { action: string; actor: string }) => `${c.action}:${c.actor}`)).toEqual(['update:test-admin', 'create:test-service']);
    expect(changes[0]).toMatchObject({ kind: 'rule', objectId: rule.id, body: { enabled: false } });
    expect(Date.parse(changes[0].at)).toBeGreaterThanOrEqual(Date.parse(changes[1].at));
    expect((await json(await staff('/api/admin/merchandising/changes?limit=1'))).items).toHaveLength(1);
    expect(await issuesOf(await staff('/api/admin/merchandising/changes?kind=banner&limit=0'))).toEqual(['query:kind', 'query:limit']);
  });
});

describe('merchandising admin routes when the database is down', () => {
  let server: TestServer;
  beforeAll(async () => {
    const down = { get: async () => Promise.reject(new DatabaseUnavailableError(new Error('ECONNREFUSED 127.0.0.1:5432'))) };
    const merchandising = merchandisingAdminService(new MerchandisingAdmin({ database: down, store: new MerchandisingStore({ database: down }) }), down);
    server = await startTestServer({ services: { merchandising: async () => merchandising, experimentReports: async () => new ExperimentReports({ database: down }) } });
  });
  afterAll(() => server.close());

  it('answers 503 with Retry-After and no internals', async () => {
    for (const [method, p, body] of [['GET', '/api/admin/rules', undefined], ['POST', '/api/admin/rules', HOUSE_BRAND], ['GET', '/api/admin/merchandising/changes', undefined]] as const) {
      const res = await server.call(p, { method, json: body });
      expect([p, res.status]).toEqual([p, 503]);
      expect(res.headers.get('retry-after')).toBe('5');
      const text = await res.text();
      expect(text).toContain('UNAVAILABLE');
      expect(text).not.toMatch(/ECONNREFUSED|5432/);
    }
  });
});

describe('merchandising admin routes without the service', () => {
  it('answers 503 when the server has no merchandising', async () => {
    const server = await startTestServer();
    try {
      const res = await server.call('/api/admin/rules');
      expect(res.status).toBe(503);
      expect((await json(res)).error.code).toBe('UNAVAILABLE');
    } finally {
      await server.close();
    }
  });
});
