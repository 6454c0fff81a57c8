import type { DataClient } from '../database/data-client';
import type { SqlDialect } from '../database/sql-dialect';
import type { Customer, CustomerInput, CustomerWriteCounts } from '../types/customer';
import type { CustomerRepository } from './customer-repository';
import { orderByIds } from './order-by-ids';
import { existingKeys, mergeById, upsertRows, writeCounts, type UpsertRow, type UpsertTable } from './upsert-rows';

const SELECT = { id: true, country: true, attributes: true, createdAt: true, firstSeenAt: true, lastSeenAt: true } as const;

type CustomerRow = Omit<Customer, 'attributes'> & { attributes: string };

function toCustomer(row: CustomerRow): Customer {
  return { ...row, attributes: JSON.parse(row.attributes) as Record<string, string> };
}

const TABLE: UpsertTable = {
  name: 'customers',
  key: 'id',
  columns: [
    { name: 'id', pgType: 'text' },
    { name: 'country', pgType: 'text' },
    { name: 'attributes', pgType: 'text' },
    { name: 'created_at', pgType: 'timestamp(3)' },
  ],
};

export class PrismaCustomerRepository implements CustomerRepository {
  constructor(
    private readonly client: DataClient,
    private readonly dialect: SqlDialect,
  ) {}

  async findById(id: string): Promise<Customer | null> {
    const row = await this.client.customer.findUnique({ where: { id }, select: SELECT });
    return row ? toCustomer(row) : null;
  }

  async findByIds(ids: readonly string[]): Promise<Customer[]> {
    if (ids.length === 0) return [];
    const found = await this.client.customer.findMany({ where: { id: { in: [...new Set(ids)] } }, select: SELECT });
    return orderByIds(ids, found, (c) => c.id).map(toCustomer);
  }

  async list(options: { limit?: number; afterId?: string; country?: string; idPrefix?: string } = {}): Promise<Customer[]> {
    const rows = await this.client.customer.findMany({
      where: {
        id: {
          ...(options.afterId !== undefined ? { gt: options.afterId } : {}),
          ...(options.idPrefix ? this.prefixFilter(options.idPrefix) : {}),
        },
        ...(options.country !== undefined ? { country: options.country } : {}),
      },
      select: SELECT,
      orderBy: { id: 'asc' },
      take: options.limit ?? 1000,
    });
    return rows.map(toCustomer);
  }

  /**
   * Ids starting with `prefix`, exactly. Prisma's `startsWith` is a LIKE that escapes nothing and, on
   * SQLite, ignores ASCII case. SQLite compares ids byte-wise (BINARY), so a range is exact there and
   * uses the index; PostgreSQL's collation may not be byte order, so there it is LIKE with the
   * prefix's own `\`, `%` and `_` escaped (backslash is PostgreSQL's LIKE escape).
   */
  private prefixFilter(prefix: string): { gte: string; lt: string } | { startsWith: string } {
    if (this.dialect.provider === 'sqlite') return { gte: prefix, lt: `${prefix}\u{10FFFF}` };
    return { startsWith: prefix.replace(/[\\%_]/g, (c) => `\\${c}`) };
  }

  async count(): Promise<number> {
    return this.client.customer.count();
  }

  async upsertMany(records: readonly CustomerInput[]): Promise<CustomerWriteCounts> {
    const merged = mergeById(records);
    if (merged.size === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const now = new Date();
    const rows: UpsertRow[] = [...merged.values()].map((r) => ({
      values: { id: r.id, country: r.country ?? null, attributes: JSON.stringify(r.attributes ?? {}), created_at: r.createdAt ?? now },
      named: [
        ...(r.country !== undefined ? ['country'] : []),
        ...(r.attributes !== undefined ? ['attributes'] : []),
        ...(r.createdAt !== undefined ? ['created_at'] : []),
      ],
    }));
    return this.client.$transaction(
      async (tx) => {
        const existing = await existingKeys(tx, this.dialect, TABLE, [...merged.keys()]);
        return writeCounts(existing, await upsertRows(tx, this.dialect, TABLE, rows));
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }
}
