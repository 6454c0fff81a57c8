import pino from 'pino';
import { closedPort, describeWithRedis, eventually, rawClient, REDIS_URL, uniquePrefix } from '@reco/async-cache/testing';
import { LocalClusterSignals, RedisClusterSignals, type ClusterSignal } from './cluster-signals';

const logger = pino({ level: 'silent' });

describe('LocalClusterSignals', () => {
  it('has no other instance to tell: publishing reaches no listener', async () => {
    const signals = new LocalClusterSignals();
    const heard: ClusterSignal[] = [];
    signals.subscribe((s) => heard.push(s));
    await signals.publish({ type: 'search-reindex' });
    expect(heard).toEqual([]);
  });
});

describeWithRedis('RedisClusterSignals', () => {
  const prefix = uniquePrefix();
  const open: RedisClusterSignals[] = [];
  const instance = () => {
    const signals = new RedisClusterSignals({ redisUrl: REDIS_URL, prefix, logger });
    open.push(signals);
    return signals;
  };
  afterAll(async () => Promise.all(open.map((s) => s.close())));

  it('reaches every other instance, not the sender, and ignores what is not a signal', async () => {
    const [a, b, c] = [instance(), instance(), instance()];
    await Promise.all([a.ready(), b.ready(), c.ready()]);
    const heard: Record<string, ClusterSignal[]> = { a: [], b: [], c: [] };
    a.subscribe((s) => heard['a']?.push(s));
    b.subscribe((s) => heard['b']?.push(s));
    const unsubscribe = c.subscribe((s) => heard['c']?.push(s));
    unsubscribe();
    const redis = rawClient();
    await redis.publish(`${prefix}signals`, 'not json');
    await redis.publish(`${prefix}signals`, JSON.stringify({ from: 'x', signal: { type: 'model-activated', name: 42 } }));
    redis.disconnect();
    await a.publish({ type: 'model-activated', name: 'recommender', version: 'v2' });
    await a.publish({ type: 'merchandising-changed' });
    await eventually(() => (heard['b']?.length ?? 0) > 1);
    expect(heard['b']).toEqual([{ type: 'model-activated', name: 'recommender', version: 'v2' }, { type: 'merchandising-changed' }]);
    expect(heard['a']).toEqual([]);
    expect(heard['c']).toEqual([]);
  });

  it('keeps going when a listener throws', async () => {
    const [a, b] = [instance(), instance()];
    await Promise.all([a.ready(), b.ready()]);
    const heard: ClusterSignal[] = [];
    b.subscribe(() => {
      throw new Error('listener bug');
    });
    b.subscribe((s) => heard.push(s));
    await a.publish({ type: 'search-reindex' });
    await eventually(() => heard.length > 0);
    expect(heard).toEqual([{ type: 'search-reindex' }]);
  });

  it('reports a publish that cannot reach Redis without throwing', async () => {
    const down = new RedisClusterSignals({ redisUrl: `redis://127.0.0.1:${await closedPort()}`, prefix, logger });
    open.push(down);
    await expect(down.publish({ type: 'search-reindex' })).resolves.toBeUndefined();
  });
});
