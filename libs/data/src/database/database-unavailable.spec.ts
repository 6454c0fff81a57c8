import net from 'node:net';
import { Client } from 'pg';
import { describeEachBackend, describePostgres, PG_ADMIN_URL, useMigratedDatabase } from '../testing/test-databases';
import { DatabaseUnavailableError, WriteOutcomeUnknownError } from './database-unavailable';
import { openDatabase, type Database } from './open-database';

jest.setTimeout(60_000);

/** A port nothing listens on: connections to it are refused. */
async function refusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describePostgres('database failures', () => {
  it('throws DatabaseUnavailableError from every kind of query when the server refuses connections, the details only in its cause', async () => {
    const port = await refusedPort();
    const url = new URL(PG_ADMIN_URL);
    url.port = String(port);
    const db = await openDatabase({ url: url.toString() });
    try {
      const attempts: [string, () => Promise<unknown>][] = [
        ['repository', () => db.customers.findById('C-1')],
        ['raw', () => db.client.$queryRawUnsafe('SELECT 1')],
        ['transaction', () => db.client.$transaction(async (tx) => tx.$executeRawUnsafe('SELECT 1'))],
        ['write', () => db.events.recordMany([{ eventId: 'e-1', customerId: 'C-1', productId: 'P-1', type: 'view' }])],
        ['ping', () => db.ping()],
      ];
      for (const [what, attempt] of attempts) {
        const err = await attempt().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect({ what, err }).toEqual({ what, err: expect.any(DatabaseUnavailableError) });
        // Refused before anything was sent: nothing can have been written.
        expect(err).not.toBeInstanceOf(WriteOutcomeUnknownError);
        const unavailable = err as DatabaseUnavailableError;
        expect(unavailable.message).toBe('The database cannot be reached');
        expect(unavailable).toMatchObject({ unavailableDependency: 'database', retryAfterSeconds: 5 });
        expect(String((unavailable.cause as Error).message)).toContain(`${port}`);
      }
    } finally {
      await db.close();
    }
  });

  it('throws it when the server ends the connection mid-query, and answers again on a new one', async () => {
    const db = await openDatabase({ url: PG_ADMIN_URL });
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      const sleeping = db.client.$queryRawUnsafe('SELECT pg_sleep(30) AS slept').then(
        () => undefined,
        (e: unknown) => e,
      );
      // The sleeping backend, once it runs, ended as an administrator (or a failover) would.
      let ended = 0;
      for (let attempt = 0; attempt < 100 && ended === 0; attempt++) {
        const { rows } = await admin.query<{ ended: boolean }>(
          "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%' AND pid <> pg_backend_pid()",
        );
        ended = rows.filter((r) => r.ended).length;
        if (ended === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(ended).toBe(1);
      expect(await sleeping).toBeInstanceOf(DatabaseUnavailableError);
      expect(await db.client.$queryRawUnsafe('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    } finally {
      await admin.end();
      await db.close();
    }
  });
});

describeEachBackend('database failures', (backend) => {
  const db: () => Database = useMigratedDatabase(backend);

  it('leaves the errors of queries the database refuses as they are', async () => {
    const wrong = await db()
      .client.$queryRawUnsafe('SELEC 1')
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(wrong).toBeInstanceOf(Error);
    expect(wrong).not.toBeInstanceOf(DatabaseUnavailableError);
    await db().client.customer.create({ data: { id: 'C-1', attributes: '{}', createdAt: new Date() } });
    const twice = db().client.customer.create({ data: { id: 'C-1', attributes: '{}', createdAt: new Date() } });
    await expect(twice).rejects.toMatchObject({ code: 'P2002' });
    await expect(twice).rejects.not.toBeInstanceOf(DatabaseUnavailableError);
  });
});
