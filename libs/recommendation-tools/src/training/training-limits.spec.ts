import { openServiceHarness, type ServiceHarness } from '../__fixtures__/service-harness';

jest.setTimeout(120_000);

let h: ServiceHarness;
beforeAll(async () => {
  h = await openServiceHarness();
});
afterAll(() => h?.close());

describe('training within TRAIN_MAX_MEMORY_MB and TRAIN_EASE_MAX_ITEMS', () => {
  it('refuses a run the memory budget cannot hold, before training, with a message naming the setting; nothing is registered', async () => {
    const { trainer } = h.parts({ trainingLimits: { maxMemoryMb: 300, easeMaxItems: 5_000 } });
    await expect(trainer.train()).rejects.toThrow(/training needs about \d+ MB for this shop but TRAIN_MAX_MEMORY_MB is 300/);
    expect(await h.sample.db.modelVersions.list('recommender')).toEqual([]);
  });

  it('covers a catalogue larger than the EASE limit with EASE on the head and cosine neighbours elsewhere, and says so in the stored model', async () => {
    const { trainer, service } = h.parts({ trainingLimits: { maxMemoryMb: 4_096, easeMaxItems: 100 } });
    const trained = await trainer.train();
    expect((trained.metadata.extra as { itemModel?: unknown }).itemModel).toMatchObject({ kind: 'ease-head+cosine', headItems: 100 });
    expect(trained.metadata.counts['products']).toBeGreaterThan(100);
    const customers = await h.sample.db.customers.list({ limit: 50 });
    let served = 0;
    for (const c of customers) if ((await service.recommend(c.id, { k: 10 })).strategy === 'model') served++;
    expect(served).toBeGreaterThan(0);
  });
});
