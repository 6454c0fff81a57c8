import { Registry } from 'prom-client';
import { InProcessJobQueue, PermanentJobError } from '@reco/jobs';
import { registerJobMetrics } from './job-metrics';

describe('job metrics', () => {
  it('shows queue depth at each scrape, and the durations and failures of the jobs this process ran', async () => {
    const queue = new InProcessJobQueue();
    const registry = new Registry();
    registerJobMetrics(registry, queue);
    const waiting = await queue.submit('train', {});
    const scrape = async (name: string) => (await registry.getSingleMetricAsString(name)).split('\n').filter((l) => !l.startsWith('#'));
    // Nobody consumes yet: one queued.
    expect(await scrape('reco_jobs')).toEqual(['reco_jobs{status="queued"} 1', 'reco_jobs{status="running"} 0']);
    const done = new Promise<void>((resolve) => {
      let finished = 0;
      queue.onFinished(() => ++finished === 2 && resolve());
    });
    await queue.submit('import', {});
    await queue.consume({ train: async () => ({ ok: true }), import: async () => Promise.reject(new PermanentJobError('not a CSV')) });
    await done;
    expect(await scrape('reco_jobs')).toEqual(['reco_jobs{status="queued"} 0', 'reco_jobs{status="running"} 0']);
    expect(await scrape('reco_jobs_failed_total')).toEqual(['reco_jobs_failed_total{kind="import"} 1']);
    const counts = (await scrape('reco_job_duration_seconds')).filter((l) => l.startsWith('reco_job_duration_seconds_count'));
    expect(counts.sort()).toEqual(['reco_job_duration_seconds_count{kind="import",status="failed"} 1', 'reco_job_duration_seconds_count{kind="train",status="succeeded"} 1']);
    expect(waiting.status).toBe('queued');
    await queue.close();
  });
});
