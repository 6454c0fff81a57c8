import type { Database, DatabaseHandle, ExposureInput } from '@reco/data';
import { describeEachBackend, useMigratedDatabase } from '@reco/data/testing';
import { ExposureLog, type ExposureLogLogger } from './exposure-log';

function exposures(experimentId: string, count: number, from = 0): ExposureInput[] {
  return Array.from({ length: count }, (_, i) => ({
    recommendationId: `${experimentId}-r${from + i}`,
    experimentId,
    arm: (from + i) % 2 === 0 ? 'a' : 'b',
    placement: null,
    customerId: `c-${from + i}`,
    sessionId: null,
    productIds: ['p-1', 'p-2'],
    at: new Date('2026-04-01T10:00:00Z'),
  }));
}

function recordingLogger(): ExposureLogLogger & { warnings: string[]; notes: string[] } {
  const warnings: string[] = [];
  const notes: string[] = [];
  return { warnings, notes, warn: (_obj, msg) => warnings.push(msg ?? ''), info: (_obj, msg) => notes.push(msg ?? '') };
}

async function storedIds(db: Database, experimentId: string): Promise<string[]> {
  const rows = await db.client.$queryRawUnsafe<{ recommendation_id: string }[]>(`SELECT recommendation_id FROM exposures WHERE experiment_id = ${db.dialect.list(1)} ORDER BY recommendation_id`, experimentId);
  return rows.map((r) => r.recommendation_id);
}

async function until(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describeEachBackend('ExposureLog', (backend) => {
  const db = useMigratedDatabase(backend);
  /** The real database, unreachable while `down` (as a connection failure looks to the caller). */
  const outage = { down: false };
  const database: DatabaseHandle = {
    get: async () => {
      if (outage.down) throw new Error('database unreachable');
      return db();
    },
  };
  let logs: ExposureLog[] = [];
  const open = (...args: ConstructorParameters<typeof ExposureLog>) => {
    const log = new ExposureLog(...args);
    logs.push(log);
    return log;
  };
  afterEach(async () => {
    outage.down = false;
    jest.restoreAllMocks();
    await Promise.all(logs.map((log) => log.close()));
    logs = [];
  });

  it('writes full batches at once and the rest on flush, in batches of batchSize', async () => {
    const writes = jest.spyOn(db().exposures, 'recordMany');
    const log = open({ database }, { batchSize: 500, flushMs: 60_000 });
    for (const e of exposures('exp-batches', 1200)) log.record(e);
    await until(async () => log.stats().written === 1000);
    expect(writes.mock.calls.map(([rows]) => rows.length)).toEqual([500, 500]);
    expect(log.stats().buffered).toBe(200);
    await log.flush();
    expect(writes.mock.calls.map(([rows]) => rows.length)).toEqual([500, 500, 200]);
    expect(await storedIds(db(), 'exp-batches')).toHaveLength(1200);
    expect(log.stats()).toEqual({ buffered: 0, written: 1200, dropped: 0, failing: false });
  });

  it('writes a partial batch within flushMs without being asked', async () => {
    const log = open({ database }, { flushMs: 50 });
    for (const e of exposures('exp-timer', 3)) log.record(e);
    expect(log.stats().buffered).toBe(3);
    await until(async () => (await storedIds(db(), 'exp-timer')).length === 3);
  });

  it('keeps the rows while the database fails, warns once per outage, and writes each exactly once after', async () => {
    const logger = recordingLogger();
    const log = open({ database, logger }, { batchSize: 10, flushMs: 60_000 });
    outage.down = true;
    for (const e of exposures('exp-outage', 25)) log.record(e);
    await log.flush();
    await log.flush();
    expect(log.stats()).toMatchObject({ buffered: 25, written: 0, dropped: 0, failing: true });
    expect(logger.warnings).toEqual(['exposure log cannot write; keeping exposures for the next try']);
    for (const e of exposures('exp-outage', 5, 25)) log.record(e);
    outage.down = false;
    await log.flush();
    expect(await storedIds(db(), 'exp-outage')).toEqual(exposures('exp-outage', 30).map((e) => e.recommendationId).sort());
    expect(log.stats()).toEqual({ buffered: 0, written: 30, dropped: 0, failing: false });
    expect(logger.notes).toEqual(['exposure log writing again']);
    // A second outage is warned about again.
    outage.down = true;
    log.record(exposures('exp-outage', 1, 30)[0]);
    await log.flush();
    expect(logger.warnings).toHaveLength(2);
  });

  it('writes a batch again when its commit was not confirmed, without doubling it', async () => {
    const real = db().exposures.recordMany.bind(db().exposures);
    let failAfterCommit = 1;
    jest.spyOn(db().exposures, 'recordMany').mockImplementation(async (rows) => {
      const stored = await real(rows);
      // The rows are stored, but the answer is lost (a connection dropped while committing).
      if (failAfterCommit-- > 0) throw new Error('connection lost while committing');
      return stored;
    });
    const log = open({ database }, { batchSize: 50, flushMs: 60_000 });
    for (const e of exposures('exp-unknown', 40)) log.record(e);
    await log.flush();
    expect(log.stats()).toMatchObject({ buffered: 40, failing: true });
    await log.flush();
    expect(log.stats()).toMatchObject({ buffered: 0, written: 40, failing: false });
    expect(await storedIds(db(), 'exp-unknown')).toHaveLength(40);
  });

  it('drops the oldest beyond maxBuffered while the database is down, and counts them', async () => {
    const logger = recordingLogger();
    const log = open({ database, logger }, { batchSize: 10, maxBuffered: 100, flushMs: 60_000 });
    outage.down = true;
    for (const e of exposures('exp-bound', 150)) log.record(e);
    await log.flush();
    expect(log.stats()).toMatchObject({ buffered: 100, dropped: 50 });
    outage.down = false;
    await log.flush();
    const newest = exposures('exp-bound', 100, 50).map((e) => e.recommendationId).sort();
    expect(await storedIds(db(), 'exp-bound')).toEqual(newest);
  });

  it('flushes on close, drops records after it, and gives up on a dead database after closeTimeoutMs', async () => {
    const log = open({ database }, { flushMs: 60_000 });
    for (const e of exposures('exp-close', 7)) log.record(e);
    await log.close();
    expect(await storedIds(db(), 'exp-close')).toHaveLength(7);
    log.record(exposures('exp-close', 1, 7)[0]);
    expect(log.stats()).toMatchObject({ buffered: 0, written: 7, dropped: 1 });

    const logger = recordingLogger();
    const stuck = open({ database, logger }, { flushMs: 60_000, closeTimeoutMs: 200 });
    outage.down = true;
    for (const e of exposures('exp-close-dead', 4)) stuck.record(e);
    await stuck.close();
    expect(stuck.stats()).toMatchObject({ buffered: 0, written: 0, dropped: 4 });
    expect(logger.warnings).toContain('exposure log closed with exposures not written');
  });

  it('close writes what arrives during a short outage', async () => {
    const log = open({ database }, { flushMs: 60_000, closeTimeoutMs: 5000 });
    outage.down = true;
    for (const e of exposures('exp-close-blip', 3)) log.record(e);
    setTimeout(() => (outage.down = false), 150);
    await log.close();
    expect(await storedIds(db(), 'exp-close-blip')).toHaveLength(3);
  });

  it('never throws from record(): invalid rows are dropped, not left to block their batch', async () => {
    const throwingLogger: ExposureLogLogger = {
      warn: () => {
        throw new Error('logger broken');
      },
      info: () => undefined,
    };
    const log = open({ database, logger: throwingLogger }, { flushMs: 60_000 });
    const [valid] = exposures('exp-invalid', 1);
    expect(() => log.record({ ...valid, recommendationId: 'bad-1', customerId: null, sessionId: null })).not.toThrow();
    expect(() => log.record({ ...valid, recommendationId: 'x'.repeat(129) })).not.toThrow();
    expect(() => log.record(null as unknown as ExposureInput)).not.toThrow();
    log.record(valid);
    await log.flush();
    expect(log.stats()).toEqual({ buffered: 0, written: 1, dropped: 3, failing: false });
    expect(await storedIds(db(), 'exp-invalid')).toEqual([valid.recommendationId]);
  });

  it('refuses options that cannot work, naming them', () => {
    expect(() => new ExposureLog({ database }, { batchSize: 0 })).toThrow(/batchSize: must be a whole number >= 1/);
    expect(() => new ExposureLog({ database }, { batchSize: 100, maxBuffered: 10 })).toThrow(/maxBuffered: must be at least batchSize/);
  });
});
