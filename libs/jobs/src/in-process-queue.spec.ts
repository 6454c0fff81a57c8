import { jobQueueContract } from './__fixtures__/job-queue-contract';
import { scheduleContract } from './__fixtures__/schedule-contract';
import { InProcessJobQueue } from './in-process-queue';
import type { JobQueue } from './job-queue';

jobQueueContract('in-process', () => {
  let queue: JobQueue | undefined;
  return {
    // One process: producer and consumer are the same queue.
    make: (setup) => (queue ??= new InProcessJobQueue(setup)),
    cleanup: async () => undefined,
  };
});

scheduleContract('in-process', () => {
  let queue: JobQueue | undefined;
  return { make: (setup) => (queue ??= new InProcessJobQueue(setup)), cleanup: async () => undefined };
});

describe('InProcessJobQueue', () => {
  it('keeps a job of a kind nobody consumes yet queued until a consumer for it starts', async () => {
    const queue = new InProcessJobQueue();
    await queue.consume({ other: async () => 'x' });
    const job = await queue.submit('unhandled', {});
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await queue.get(job.id))?.status).toBe('queued');
    await queue.close();
  });

  it('drops the oldest finished jobs past `keep`', async () => {
    const queue = new InProcessJobQueue({ keep: 2 });
    await queue.consume({ quick: async () => 1 });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { id } = await queue.submit('quick', {});
      ids.push(id);
      for (let t = 0; t < 100 && (await queue.get(id))?.status !== 'succeeded'; t++) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect((await queue.list()).map((j) => j.id)).toEqual([ids[3], ids[2]]);
    await queue.close();
  });
});
