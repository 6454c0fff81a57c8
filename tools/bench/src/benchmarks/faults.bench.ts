import { openDatabase } from '@reco/data';
import { defineBenchmark } from '../benchmark';
import { startFaultDeployment } from '../faults/faults-deployment';
import { FaultLoad } from '../faults/faults-load';
import { builtApps } from '../scale/built-apps';

const SHOPPERS = 8;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default defineBenchmark({
  name: 'faults',
  description: 'two built backends on PostgreSQL and Redis (each behind a proxy) under shopping load: Redis killed for 5 s, PostgreSQL for 3 s, one backend sent SIGTERM; counts failed requests, 5xx other than 503, stale answers, lost and doubled events',
  async run(args) {
    const apps = builtApps(!args.includes('--no-build'));
    const deployment = await startFaultDeployment(apps);
    const db = await openDatabase({ url: deployment.databaseUrl });
    const timeline: string[] = [];
    const mark = (what: string) => timeline.push(`${(performance.now() / 1000).toFixed(1)}s ${what}`);
    let figures;
    let stopCode: number | null = null;
    try {
      const customers = (await db.customers.list({ limit: 500 })).map((c) => c.id);
      const load = new FaultLoad(deployment.backends, deployment.serviceKey, customers);
      load.start(SHOPPERS);
      await sleep(4_000);
      mark('Redis down');
      await deployment.redis.kill();
      await sleep(5_000);
      await deployment.redis.start();
      mark('Redis back');
      await sleep(4_000);
      mark('PostgreSQL down');
      await deployment.postgres.kill();
      await sleep(3_000);
      await deployment.postgres.start();
      mark('PostgreSQL back');
      await sleep(4_000);
      mark('SIGTERM backend B');
      const stopping = deployment.backends[1]?.stop() ?? Promise.resolve(null);
      await sleep(4_000);
      figures = await load.stop();
      stopCode = await stopping;
      mark('load stopped');
      // Every acknowledged event stored exactly once.
      const ids = [...load.acknowledged];
      const rows = await db.client.event.groupBy({ by: ['eventId'], where: { eventId: { in: ids } }, _count: { eventId: true } });
      const stored = new Map(rows.map((r) => [r.eventId, r._count.eventId]));
      const lostEvents = ids.filter((id) => !stored.has(id)).length;
      const doubledEvents = [...stored.values()].filter((n) => n > 1).length;
      const zeros = { failed: figures.failed, serverErrors: figures.serverErrors, stale: figures.stale, lostEvents, doubledEvents, eventsUnacknowledged: figures.eventsUnacknowledged };
      return {
        bench: 'faults',
        node: process.version,
        timeline,
        requests: figures.requests,
        unavailable: figures.unavailable,
        eventsAcknowledged: figures.eventsAcknowledged,
        ...zeros,
        stoppedBackendExit: stopCode,
        staleAtSeconds: load.staleAt.slice(0, 20).map((ms) => Number((ms / 1000).toFixed(1))),
        target: 'every count but requests, unavailable and eventsAcknowledged is 0; the stopped backend exits 0',
        pass: Object.values(zeros).every((n) => n === 0) && stopCode === 0 && figures.requests > 0,
      };
    } finally {
      await db.close();
      await deployment.close();
    }
  },
});
