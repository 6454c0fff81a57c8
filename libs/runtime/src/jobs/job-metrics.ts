import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { JobQueue, JobStatus } from '@reco/jobs';

const ACTIVE: readonly JobStatus[] = ['queued', 'running'];

/**
 * Queue figures on a Prometheus registry: `reco_jobs` (jobs queued and running now, across every
 * instance: read at each scrape), and for the jobs this process ran, `reco_job_duration_seconds`
 * by kind and outcome and `reco_jobs_failed_total` by kind.
 */
export function registerJobMetrics(registry: Registry, queue: JobQueue): () => void {
  new Gauge({
    name: 'reco_jobs',
    help: 'Jobs queued or running now, across every instance',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      // A scrape during a Redis outage shows no figure rather than failing the whole page.
      const counts = await queue.counts().catch(() => undefined);
      for (const status of ACTIVE) {
        if (counts) this.set({ status }, counts[status]);
        else this.remove({ status });
      }
    },
  });
  const duration = new Histogram({
    name: 'reco_job_duration_seconds',
    help: 'Run time of the jobs this process ran, from start to end (all attempts)',
    labelNames: ['kind', 'status'],
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers: [registry],
  });
  const failed = new Counter({ name: 'reco_jobs_failed_total', help: 'Jobs that failed for good in this process', labelNames: ['kind'], registers: [registry] });
  return queue.onFinished((job) => {
    if (job.status === 'failed') failed.inc({ kind: job.kind });
    if (!job.startedAt || !job.finishedAt) return;
    duration.observe({ kind: job.kind, status: job.status }, Math.max(0, Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000);
  });
}
