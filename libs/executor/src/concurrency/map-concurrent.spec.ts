import { mapConcurrent } from '../index';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapConcurrent', () => {
  it('keeps input order and never exceeds the concurrency', async () => {
    let running = 0;
    let peak = 0;
    const result = await mapConcurrent(
      [30, 10, 20, 5, 15],
      async (ms, index) => {
        running++;
        peak = Math.max(peak, running);
        await sleep(ms);
        running--;
        return `${index}:${ms}`;
      },
      { concurrency: 2 },
    );
    expect(result).toEqual(['0:30', '1:10', '2:20', '3:5', '4:15']);
    expect(peak).toBe(2);
  });

  it('fails fast: rejects with the first error, starts nothing more, signals running calls', async () => {
    const started: number[] = [];
    let abortedSeen = false;
    const run = mapConcurrent(
      [0, 1, 2, 3, 4, 5],
      async (i, _index, signal) => {
        started.push(i);
        if (i === 1) throw new Error('item 1 failed');
        await sleep(50);
        abortedSeen ||= signal.aborted;
        return i;
      },
      { concurrency: 2 },
    );
    await expect(run).rejects.toThrow('item 1 failed');
    await sleep(100);
    expect(abortedSeen).toBe(true);
    expect(started).toEqual([0, 1]);
  });

  it('accepts any iterable and rejects a bad concurrency', async () => {
    await expect(mapConcurrent(new Set([1, 2, 3]), async (n) => n * 2)).resolves.toEqual([2, 4, 6]);
    await expect(mapConcurrent([1], async (n) => n, { concurrency: 0 })).rejects.toThrow(RangeError);
  });
});
