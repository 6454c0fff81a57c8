import type { DataClient, DataTransaction } from '../database/data-client';
import type { SqlDialect } from '../database/sql-dialect';
import { RecordIdSchema } from '../records/record-fields';
import {
  MERCHANDISING_KINDS,
  MerchandisingConflictError,
  type MerchandisingAction,
  type MerchandisingChange,
  type MerchandisingKind,
  type MerchandisingObject,
  type MerchandisingCheckReader,
  type MerchandisingPutOptions,
  type MerchandisingRemoveOptions,
  type MerchandisingRepository,
} from '../types/merchandising';

const DEFAULT_CHANGES = 100;
const MAX_CHANGES = 1_000;
// Any constant other than the migrator's: serialises merchandising writes on one PostgreSQL database.
const PG_WRITE_LOCK_KEY = 7_302_018;

interface ObjectRow {
  kind: string;
  id: string;
  body: string;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}

interface ChangeRow {
  seq: number;
  kind: string;
  objectId: string;
  action: string;
  actor: string;
  at: Date;
  body: string | null;
}

function checkKind(kind: MerchandisingKind): void {
  if (!MERCHANDISING_KINDS.includes(kind)) throw new Error(`kind: ${JSON.stringify(kind)} is not one of ${MERCHANDISING_KINDS.join(', ')}`);
}

function checkId(id: string): void {
  const checked = RecordIdSchema.safeParse(id);
  if (!checked.success) throw new Error(`id: ${JSON.stringify(id)} ${checked.error.issues[0]?.message ?? 'is not 1-128 printable characters'}`);
}

function checkActor(actor: string): void {
  if (typeof actor !== 'string' || actor.length === 0) throw new Error('actor: must name who makes the change');
}

function toObject(row: ObjectRow): MerchandisingObject {
  return { ...row, kind: row.kind as MerchandisingKind, body: JSON.parse(row.body) as unknown };
}

function toChange(row: ChangeRow): MerchandisingChange {
  return {
    ...row,
    kind: row.kind as MerchandisingKind,
    action: row.action as MerchandisingAction,
    body: row.body === null ? null : (JSON.parse(row.body) as unknown),
  };
}

/** Reads for a write's check, inside its transaction (after the write lock). */
function reader(tx: DataTransaction): MerchandisingCheckReader {
  return {
    async list(kind) {
      checkKind(kind);
      const rows = await tx.merchandisingObject.findMany({ where: { kind }, orderBy: { id: 'asc' } });
      return rows.map(toObject);
    },
  };
}

/** Prisma's unique-constraint violation: a concurrent create took the primary key first. */
function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002';
}

export class PrismaMerchandisingRepository implements MerchandisingRepository {
  constructor(
    private readonly client: DataClient,
    private readonly dialect: SqlDialect,
  ) {}

  async list(kind: MerchandisingKind): Promise<MerchandisingObject[]> {
    checkKind(kind);
    const rows = await this.client.merchandisingObject.findMany({ where: { kind }, orderBy: { id: 'asc' } });
    return rows.map(toObject);
  }

  async get(kind: MerchandisingKind, id: string): Promise<MerchandisingObject | undefined> {
    checkKind(kind);
    const row = await this.client.merchandisingObject.findUnique({ where: { kind_id: { kind, id } } });
    return row ? toObject(row) : undefined;
  }

  async put(
    kind: MerchandisingKind,
    id: string,
    body: unknown,
    actor: string,
    options: MerchandisingPutOptions & { at?: Date } = {},
  ): Promise<{ object: MerchandisingObject; created: boolean } | undefined> {
    checkKind(kind);
    checkId(id);
    checkActor(actor);
    if (body === undefined) throw new Error('body: required');
    const json = JSON.stringify(body);
    const at = options.at ?? new Date();
    try {
      return await this.write(async (tx) => {
        const existing = await tx.merchandisingObject.findUnique({ where: { kind_id: { kind, id } } });
        if (existing && options.mustBeNew) throw new MerchandisingConflictError(kind, id);
        if (!existing && options.mustExist) return undefined;
        await options.check?.(existing ? toObject(existing) : undefined, reader(tx));
        const row = existing
          ? await tx.merchandisingObject.update({ where: { kind_id: { kind, id } }, data: { body: json, updatedAt: at, updatedBy: actor } })
          : await tx.merchandisingObject.create({ data: { kind, id, body: json, createdAt: at, createdBy: actor, updatedAt: at, updatedBy: actor } });
        await tx.merchandisingChange.create({ data: { kind, objectId: id, action: existing ? 'update' : 'create', actor, at, body: json } });
        return { object: toObject(row), created: !existing };
      });
    } catch (err) {
      // Only reachable where writes are not serialised: the primary key still decides the race.
      if (isUniqueViolation(err)) throw new MerchandisingConflictError(kind, id);
      throw err;
    }
  }

  async remove(kind: MerchandisingKind, id: string, actor: string, options: MerchandisingRemoveOptions = {}): Promise<boolean> {
    checkKind(kind);
    checkActor(actor);
    return this.write(async (tx) => {
      if (options.check) {
        const existing = await tx.merchandisingObject.findUnique({ where: { kind_id: { kind, id } } });
        if (!existing) return false;
        await options.check(toObject(existing), reader(tx));
      }
      const { count } = await tx.merchandisingObject.deleteMany({ where: { kind, id } });
      if (count === 0) return false;
      await tx.merchandisingChange.create({ data: { kind, objectId: id, action: 'delete', actor, at: new Date(), body: null } });
      return true;
    });
  }

  async revision(): Promise<number> {
    const last = await this.client.merchandisingChange.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true } });
    return last?.seq ?? 0;
  }

  async changes(options: { kind?: MerchandisingKind; objectId?: string; limit?: number } = {}): Promise<MerchandisingChange[]> {
    if (options.kind !== undefined) checkKind(options.kind);
    const limit = options.limit ?? DEFAULT_CHANGES;
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`limit: ${limit} must be a positive integer`);
    const rows = await this.client.merchandisingChange.findMany({
      where: { kind: options.kind, objectId: options.objectId },
      orderBy: { seq: 'desc' },
      take: Math.min(limit, MAX_CHANGES),
    });
    return rows.map(toChange);
  }

  /**
   * One write and its change, in one transaction, taking the write lock before it reads. On
   * PostgreSQL: a sequence number is drawn at insert, not at commit, so without the lock a change
   * could commit under a lower seq than one already seen, and a poller of `revision()` would miss
   * it. On SQLite: a transaction that read before another process wrote cannot write at all (busy),
   * while one that starts with a write waits for the lock like any writer.
   */
  private write<T>(work: (tx: DataTransaction) => Promise<T>): Promise<T> {
    return this.client.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(
        this.dialect.provider === 'postgresql' ? `SELECT pg_advisory_xact_lock(${PG_WRITE_LOCK_KEY})` : 'DELETE FROM merchandising_changes WHERE 0 = 1',
      );
      return work(tx);
    });
  }
}
