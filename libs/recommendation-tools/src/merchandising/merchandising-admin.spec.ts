import { MerchandisingConflictError, openDatabase, type Database, type MerchandisingPutOptions } from '@reco/data';
import { describeEachBackend, describePostgres, useMigratedDatabase } from '@reco/data/testing';
import { ZodError } from 'zod';
import { ExperimentRunningError, MerchandisingAdmin, MerchandisingNotFoundError, RuleInRunningExperimentError } from './merchandising-admin';
import { MerchandisingStore } from './merchandising-store';

/** The paths of a rejected call's issues (a ZodError names each field). */
async function invalidFields(call: Promise<unknown>): Promise<string[]> {
  const err: unknown = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ZodError);
  return (err as ZodError).issues.map((issue) => issue.path.join('.'));
}

const boost = { name: 'house-brand', kind: 'boost', factor: 2, match: { tags: ['brand:house'] } };
const twoArms = (rules?: string[]) => ({
  name: 'model vs popular',
  placement: 'home',
  state: 'running',
  arms: [
    { name: 'control', weight: 1, config: { strategy: 'popular' } },
    { name: 'model', weight: 1, config: rules ? { rules } : {} },
  ],
});

describeEachBackend('MerchandisingAdmin', (backend) => {
  const db = useMigratedDatabase(backend);
  let admin: MerchandisingAdmin;
  let told: number;
  beforeEach(() => {
    told = 0;
    const database = { get: async (): Promise<Database> => db() };
    admin = new MerchandisingAdmin({ database, store: new MerchandisingStore({ database, onChanged: () => told++ }) });
  });

  describe('rules', () => {
    it('creates a rule under a server id, with defaults, audited with who and when', async () => {
      const before = Date.now();
      const rule = await admin.createRule({ ...boost, activeFrom: '2025-03-01T00:00:00Z' }, 'key:merchandiser');
      expect(rule).toEqual({ ...boost, id: expect.stringMatching(/^rule-[0-9a-f]{10}$/), enabled: true, activeFrom: new Date('2025-03-01T00:00:00Z') });
      expect(await admin.getRule(rule.id)).toEqual(rule);
      expect(await admin.listRules()).toContainEqual(rule);
      const [change] = await admin.audit({ kind: 'rule', objectId: rule.id });
      expect(change).toMatchObject({ kind: 'rule', objectId: rule.id, action: 'create', actor: 'key:merchandiser', body: { ...boost, enabled: true, activeFrom: '2025-03-01T00:00:00.000Z' } });
      expect(change.at.getTime()).toBeGreaterThanOrEqual(before - 1_000);
      expect(change.at.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
      expect(told).toBe(1);
    });

    it('replaces and deletes a rule, each audited; a missing rule is not found', async () => {
      const rule = await admin.createRule(boost, 'alice');
      const replaced = await admin.replaceRule(rule.id, { ...boost, factor: 5, enabled: false }, 'bob');
      expect(replaced).toMatchObject({ id: rule.id, factor: 5, enabled: false });
      expect(await admin.getRule(rule.id)).toEqual(replaced);
      await admin.deleteRule(rule.id, 'carol');
      await expect(admin.getRule(rule.id)).rejects.toBeInstanceOf(MerchandisingNotFoundError);
      await expect(admin.deleteRule(rule.id, 'carol')).rejects.toThrow(`no rule with id "${rule.id}"`);
      await expect(admin.replaceRule('rule-none', boost, 'bob')).rejects.toBeInstanceOf(MerchandisingNotFoundError);
      const changes = await admin.audit({ objectId: rule.id });
      expect(changes.map((c) => [c.action, c.actor])).toEqual([
        ['delete', 'carol'],
        ['update', 'bob'],
        ['create', 'alice'],
      ]);
      expect(told).toBe(3);
    });

    it('a bad rule is refused, each error naming its field; nothing is written', async () => {
      const revision = await db().merchandising.revision();
      expect(await invalidFields(admin.createRule({ ...boost, factor: undefined }, 'a'))).toEqual(['factor']);
      expect(await invalidFields(admin.createRule({ ...boost, kind: 'pin', factor: undefined }, 'a'))).toEqual(['position', 'match.productIds']);
      expect(await invalidFields(admin.createRule({ ...boost, match: { minPrice: 5, maxPrice: 2 } }, 'a'))).toEqual(['match.minPrice']);
      expect(await invalidFields(admin.createRule({ ...boost, placement: 'Home Page' }, 'a'))).toEqual(['placement']);
      expect(await invalidFields(admin.createRule({ ...boost, colour: 'red' }, 'a'))).toEqual(['']);
      expect(await invalidFields(admin.createRule({ ...boost, activeFrom: '2025-02-01', activeUntil: '2025-01-01' }, 'a'))).toEqual(['activeFrom']);
      expect(await db().merchandising.revision()).toBe(revision);
      expect(told).toBe(0);
    });

    it('an exclude or include-only rule with an empty match is refused; a boost may match everything', async () => {
      const revision = await db().merchandising.revision();
      const refused = admin.createRule({ name: 'hide all', kind: 'exclude', match: {} }, 'a');
      await expect(refused).rejects.toMatchObject({ issues: [{ path: ['match'], message: 'an exclude rule with an empty match would hide every product; name what it matches' }] });
      expect(await invalidFields(admin.createRule({ name: 'keep all', kind: 'include-only', match: {} }, 'a'))).toEqual(['match']);
      const existing = await admin.createRule({ name: 'no sale', kind: 'exclude', match: { tags: ['sale'] } }, 'a');
      expect(await invalidFields(admin.replaceRule(existing.id, { name: 'no sale', kind: 'exclude', match: {} }, 'a'))).toEqual(['match']);
      expect(await admin.getRule(existing.id)).toEqual(existing);
      expect(await db().merchandising.revision()).toBe(revision + 1);
      expect(await admin.createRule({ ...boost, match: {} }, 'a')).toMatchObject({ kind: 'boost', match: {} });
    });

    it("a rule a running experiment's arm names cannot change or go (409 naming the experiment) until it stops", async () => {
      const rule = await admin.createRule(boost, 'alice');
      const other = await admin.createRule({ ...boost, name: 'other' }, 'alice');
      const experiment = await admin.createExperiment({ ...twoArms([rule.id]), name: 'boost test' }, 'erin');
      const revision = await db().merchandising.revision();
      const changed = admin.replaceRule(rule.id, { ...boost, factor: 9 }, 'bob');
      await expect(changed).rejects.toBeInstanceOf(RuleInRunningExperimentError);
      await expect(admin.replaceRule(rule.id, { ...boost, factor: 9 }, 'bob')).rejects.toThrow(
        `rule "${rule.id}" is part of arm "model" of running experiment "boost test" (${experiment.id}): it cannot change while the experiment runs`,
      );
      await expect(admin.deleteRule(rule.id, 'bob')).rejects.toBeInstanceOf(MerchandisingConflictError);
      await expect(admin.deleteRule(rule.id, 'bob')).rejects.toThrow(/cannot be deleted while the experiment runs/);
      expect(await admin.getRule(rule.id)).toEqual(rule);
      expect(await db().merchandising.revision()).toBe(revision);
      // A rule no running arm names changes as ever; once the experiment stops, so does this one.
      expect(await admin.replaceRule(other.id, { ...boost, name: 'other', factor: 3 }, 'bob')).toMatchObject({ factor: 3 });
      await admin.replaceExperiment(experiment.id, { ...twoArms([rule.id]), name: 'boost test', state: 'stopped' }, 'erin');
      expect(await admin.replaceRule(rule.id, { ...boost, factor: 9 }, 'bob')).toMatchObject({ factor: 9 });
      // A draft's arm does not hold its rule either.
      await admin.createExperiment({ ...twoArms([other.id]), state: 'draft' }, 'erin');
      await admin.deleteRule(other.id, 'bob');
      expect(told).toBe(8);
    });
  });

  describe('placements', () => {
    it('lists the built-in placements; a stored one overrides its built-in, a new name is custom', async () => {
      expect((await admin.listPlacements()).map((p) => [p.name, p.strategy, p.builtIn])).toEqual([
        ['buy-again', 'buy-again', true],
        ['cart', 'cart', true],
        ['home', 'personal', true],
        ['new-arrivals', 'new-arrivals', true],
        ['product', 'product', true],
        ['trending', 'trending', true],
      ]);
      const rule = await admin.createRule(boost, 'a');
      const home = await admin.putPlacement('home', { strategy: 'popular', k: 5, rules: [rule.id], diversity: { maxPerCategory: 2 } }, 'dana');
      expect(home).toEqual({ name: 'home', builtIn: true, strategy: 'popular', k: 5, rules: [rule.id], diversity: { maxPerCategory: 2 } });
      expect(await admin.getPlacement('home')).toEqual(home);
      const sale = await admin.putPlacement('summer-sale', { strategy: 'trending' }, 'dana');
      expect(sale).toEqual({ name: 'summer-sale', builtIn: false, strategy: 'trending', k: 10 });
      expect((await admin.listPlacements()).map((p) => p.name)).toEqual(['buy-again', 'cart', 'home', 'new-arrivals', 'product', 'summer-sale', 'trending']);
      expect((await admin.audit({ kind: 'placement' })).map((c) => [c.objectId, c.action, c.actor])).toEqual([
        ['summer-sale', 'create', 'dana'],
        ['home', 'create', 'dana'],
      ]);
      // Deleting the override makes the placement built in again; a custom one goes.
      await admin.deletePlacement('home', 'dana');
      expect(await admin.getPlacement('home')).toMatchObject({ strategy: 'personal', k: 10 });
      await admin.deletePlacement('summer-sale', 'dana');
      await expect(admin.getPlacement('summer-sale')).rejects.toBeInstanceOf(MerchandisingNotFoundError);
      await expect(admin.deletePlacement('home', 'dana')).rejects.toBeInstanceOf(MerchandisingNotFoundError);
    });

    it('a bad placement is refused naming the field', async () => {
      expect(await invalidFields(admin.putPlacement('Summer Sale', { strategy: 'popular' }, 'a'))).toEqual(['name']);
      expect(await invalidFields(admin.putPlacement('sale', { strategy: 'magic' }, 'a'))).toEqual(['strategy']);
      expect(await invalidFields(admin.putPlacement('sale', { strategy: 'popular', k: 0 }, 'a'))).toEqual(['k']);
      expect(await invalidFields(admin.putPlacement('sale', { strategy: 'popular', diversity: { mmr: 2 } }, 'a'))).toEqual(['diversity.mmr']);
      expect(await invalidFields(admin.putPlacement('sale', { strategy: 'popular', rules: ['rule-missing'] }, 'a'))).toEqual(['rules.0']);
    });
  });

  describe('experiments', () => {
    it('a running experiment can change its state but not its arms (409), nor be deleted', async () => {
      const experiment = await admin.createExperiment(twoArms(), 'erin');
      expect(experiment).toMatchObject({ id: expect.stringMatching(/^exp-[0-9a-f]{10}$/), state: 'running', purchaseWindowHours: 168 });
      const heavier = { ...twoArms(), arms: [twoArms().arms[0], { ...twoArms().arms[1], weight: 3 }] };
      const refused = admin.replaceExperiment(experiment.id, heavier, 'erin');
      await expect(refused).rejects.toBeInstanceOf(ExperimentRunningError);
      await expect(admin.replaceExperiment(experiment.id, heavier, 'erin')).rejects.toBeInstanceOf(MerchandisingConflictError);
      await expect(admin.replaceExperiment(experiment.id, { ...twoArms(), minimumDetectableLift: 0.3 }, 'erin')).rejects.toThrow(/create a new experiment/);
      await expect(admin.deleteExperiment(experiment.id, 'erin')).rejects.toBeInstanceOf(ExperimentRunningError);
      expect(await admin.getExperiment(experiment.id)).toEqual(experiment);
      // The default lift given outright is the same set-up; so is a new name.
      expect(await admin.replaceExperiment(experiment.id, { ...twoArms(), name: 'renamed', minimumDetectableLift: 0.1 }, 'erin')).toMatchObject({ name: 'renamed' });

      const stopped = await admin.replaceExperiment(experiment.id, { ...twoArms(), state: 'stopped' }, 'erin');
      expect(stopped).toEqual({ ...experiment, state: 'stopped' });
      await admin.deleteExperiment(experiment.id, 'erin');
      await expect(admin.getExperiment(experiment.id)).rejects.toBeInstanceOf(MerchandisingNotFoundError);
      await expect(admin.replaceExperiment('exp-none', twoArms(), 'erin')).rejects.toBeInstanceOf(MerchandisingNotFoundError);
    });

    it('a stopped experiment keeps its set-up: it runs again only as it was, never back to draft', async () => {
      const experiment = await admin.createExperiment(twoArms(), 'erin');
      const { id, ...input } = experiment;
      await admin.replaceExperiment(id, { ...input, state: 'stopped' }, 'erin');
      const revision = await db().merchandising.revision();
      const heavier = { ...input, arms: [input.arms[0], { ...input.arms[1], weight: 3 }] };
      for (const change of [
        { ...heavier, state: 'stopped' },
        { ...heavier, state: 'running' },
        { ...input, state: 'draft' },
        { ...heavier, state: 'draft' },
        { ...input, state: 'running', placement: 'cart' },
        { ...input, state: 'running', control: 'model' },
        { ...input, state: 'running', purchaseWindowHours: 1 },
        { ...input, state: 'running', arms: [input.arms[0], { ...input.arms[1], config: { diversity: { mmr: 0.5 } } }] },
      ]) {
        const refused = admin.replaceExperiment(id, change, 'erin');
        await expect(refused).rejects.toBeInstanceOf(ExperimentRunningError);
        await expect(admin.replaceExperiment(id, change, 'erin')).rejects.toThrow(`experiment "${id}" has run: its set-up`);
      }
      expect(await db().merchandising.revision()).toBe(revision);
      expect(await admin.replaceExperiment(id, { ...input, name: 'again', state: 'running' }, 'erin')).toEqual({ ...experiment, name: 'again' });
      // A draft changes freely.
      const draft = await admin.createExperiment({ ...twoArms(), state: 'draft' }, 'erin');
      expect(await admin.replaceExperiment(draft.id, { ...heavier, state: 'draft', minimumDetectableLift: 0.2 }, 'erin')).toMatchObject({ arms: [{ weight: 1 }, { weight: 3 }], minimumDetectableLift: 0.2 });
    });

    it('the minimum detectable lift is a relative change in (0, 10]', async () => {
      expect(await invalidFields(admin.createExperiment({ ...twoArms(), minimumDetectableLift: 0 }, 'a'))).toEqual(['minimumDetectableLift']);
      expect(await invalidFields(admin.createExperiment({ ...twoArms(), minimumDetectableLift: 10.5 }, 'a'))).toEqual(['minimumDetectableLift']);
      expect(await admin.createExperiment({ ...twoArms(), state: 'draft', minimumDetectableLift: 10 }, 'a')).toMatchObject({ minimumDetectableLift: 10 });
    });

    it('a bad experiment is refused naming the field', async () => {
      const rule = await admin.createRule(boost, 'a');
      expect(await invalidFields(admin.createExperiment({ ...twoArms(), arms: [twoArms().arms[0]] }, 'a'))).toEqual(['arms']);
      expect(await invalidFields(admin.createExperiment({ ...twoArms(), control: 'nobody' }, 'a'))).toEqual(['control']);
      expect(await invalidFields(admin.createExperiment({ ...twoArms(), state: 'paused' }, 'a'))).toEqual(['state']);
      expect(await invalidFields(admin.createExperiment(twoArms([rule.id, 'rule-missing']), 'a'))).toEqual(['arms.1.config.rules.1']);
      expect(await admin.createExperiment(twoArms([rule.id]), 'a')).toMatchObject({ arms: [{}, { config: { rules: [rule.id] } }] });
    });

    it("an arm's model version must be a stored version of the served model, when created or started", async () => {
      const database = { get: async (): Promise<Database> => db() };
      const shop = new MerchandisingAdmin({ database, store: new MerchandisingStore({ database }), modelName: 'shop-model' });
      await db().modelVersions.create({ name: 'shop-model', version: 'v1', metrics: {}, objectKey: 'models/shop-model/v1' });
      await db().modelVersions.create({ name: 'other-model', version: 'v2', metrics: {}, objectKey: 'models/other-model/v2' });
      const onVersions = (state: string, ...versions: (string | undefined)[]) => ({
        ...twoArms(),
        state,
        arms: versions.map((modelVersion, i) => ({ name: `arm-${i}`, weight: 1, config: modelVersion ? { modelVersion } : {} })),
      });
      const revision = await db().merchandising.revision();
      expect(await invalidFields(shop.createExperiment(onVersions('draft', 'v1', 'v2'), 'a'))).toEqual(['arms.1.config.modelVersion']); // another model's
      expect(await invalidFields(shop.createExperiment(onVersions('running', 'v0', 'v1'), 'a'))).toEqual(['arms.0.config.modelVersion']);
      await expect(shop.createExperiment(onVersions('running', undefined, 'v9'), 'a')).rejects.toMatchObject({ issues: [{ message: 'model shop-model has no version "v9"' }] });
      // The default admin serves `recommender`, which has no stored version here.
      expect(await invalidFields(admin.createExperiment(onVersions('draft', undefined, 'v1'), 'a'))).toEqual(['arms.1.config.modelVersion']);
      expect(await db().merchandising.revision()).toBe(revision);

      const draft = await shop.createExperiment(onVersions('draft', undefined, 'v1'), 'a');
      expect(draft.arms[1].config).toEqual({ modelVersion: 'v1' });
      const { id, ...input } = draft;
      expect(await invalidFields(shop.replaceExperiment(id, onVersions('running', 'v1', 'v3'), 'a'))).toEqual(['arms.1.config.modelVersion']);
      expect(await shop.replaceExperiment(id, { ...input, state: 'running' }, 'a')).toMatchObject({ state: 'running' });
      expect(await shop.replaceExperiment(id, { ...input, state: 'stopped' }, 'a')).toMatchObject({ state: 'stopped' });
    });

    it('lists experiments by name', async () => {
      await admin.createExperiment({ ...twoArms(), name: 'zz last', state: 'draft' }, 'a');
      await admin.createExperiment({ ...twoArms(), name: 'aa first', state: 'draft' }, 'a');
      const names = (await admin.listExperiments()).map((e) => e.name);
      expect(names[0]).toBe('aa first');
      expect(names[names.length - 1]).toBe('zz last');
    });
  });
});

describePostgres('MerchandisingAdmin, two instances at once', (backend) => {
  const db = useMigratedDatabase(backend);

  it('a replace that starts an experiment and a concurrent one that changes its arms: the second is refused', async () => {
    const other = await openDatabase({ url: db().url });
    try {
      let firstInside!: () => void;
      const firstHoldsLock = new Promise<void>((resolve) => (firstInside = resolve));
      // The first instance's write holds the lock 300 ms after its check, as a slow transaction would.
      const real = db().merchandising;
      const slowPut: typeof real.put = (kind, id, body, actor, options: MerchandisingPutOptions = {}) =>
        real.put(kind, id, body, actor, {
          ...options,
          check: async (existing, read) => {
            await options.check?.(existing, read);
            firstInside();
            await new Promise((resolve) => setTimeout(resolve, 300));
          },
        });
      const slow: Database = { ...db(), merchandising: Object.create(real, { put: { value: slowPut } }) as Database['merchandising'] };
      const first = new MerchandisingAdmin({ database: { get: async () => slow }, store: new MerchandisingStore({ database: { get: async () => slow } }) });
      const second = new MerchandisingAdmin({ database: { get: async () => other }, store: new MerchandisingStore({ database: { get: async () => other } }) });

      const { id, ...draft } = await second.createExperiment({ ...twoArms(), state: 'draft' }, 'erin');
      const started = first.replaceExperiment(id, { ...draft, state: 'running' }, 'erin');
      await firstHoldsLock;
      // Read outside the write, the second would still see a draft and change a running experiment's arms.
      const changed = second.replaceExperiment(id, { ...draft, arms: [draft.arms[0], { ...draft.arms[1], weight: 9 }] }, 'frank');
      await expect(started).resolves.toMatchObject({ state: 'running' });
      await expect(changed).rejects.toBeInstanceOf(ExperimentRunningError);
      expect(await second.getExperiment(id)).toEqual({ ...draft, id, state: 'running' });
      expect((await second.audit({ objectId: id })).map((c) => [c.action, c.actor])).toEqual([
        ['update', 'erin'],
        ['create', 'erin'],
      ]);
    } finally {
      await other.close();
    }
  });
});
