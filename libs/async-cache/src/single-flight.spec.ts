import { SingleFlight } from './single-flight';

describe('SingleFlight', () => {
  it('shares one run between concurrent callers of a key, and runs again after it settles', async () => {
    const flight = new SingleFlight();
    let runs = 0;
    const work = () => flight.run('k', async () => ++runs);
    expect(await Promise.all([work(), work(), work()])).toEqual([1, 1, 1]);
    expect(flight.size).toBe(0);
    expect(await work()).toBe(2);
  });

  it('keeps keys apart and forgets a failed run', async () => {
    const flight = new SingleFlight();
    const failing = flight.run('a', async () => {
      throw new Error('boom');
    });
    const other = flight.run('b', async () => 'b');
    await expect(failing).rejects.toThrow('boom');
    expect(await other).toBe('b');
    expect(flight.has('a')).toBe(false);
  });
});
