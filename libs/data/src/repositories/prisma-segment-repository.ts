import type { DataClient } from '../database/data-client';
import type { SqlDialect } from '../database/sql-dialect';
import type { NewCustomerSegment, NewSegmentRun, SegmentRun, StoredCustomerSegment } from '../types/segment';
import { ROWS_PER_STATEMENT, rowSource, type RowColumn } from './row-source';
import type { SegmentRepository } from './segment-repository';

const text = (name: string): RowColumn => ({ name, pgType: 'text' });
const int = (name: string): RowColumn => ({ name, pgType: 'int' });
const float = (name: string): RowColumn => ({ name, pgType: 'float8' });

const COLUMNS: readonly RowColumn[] = [
  text('customer_id'), int('run_id'), text('segment'), int('r'), int('f'), int('m'), int('recency_days'), int('frequency'),
  float('monetary'), float('average_basket'), int('cluster_id'), text('cluster_label'), { name: 'computed_at', pgType: 'timestamp(3)' },
];
const NAMES = COLUMNS.map((c) => c.name).join(', ');

/** A stored run: its summary is the JSON text. */
type RunRow = Omit<SegmentRun, 'summary'> & { summary: string };

function toRun(row: RunRow): SegmentRun {
  return { ...row, summary: JSON.parse(row.summary) as unknown };
}

export class PrismaSegmentRepository implements SegmentRepository {
  constructor(
    private readonly client: DataClient,
    private readonly dialect: SqlDialect,
  ) {}

  async replaceAll(run: NewSegmentRun, segments: readonly NewCustomerSegment[]): Promise<SegmentRun> {
    return this.client.$transaction(
      async (tx) => {
        const created = await tx.segmentRun.create({ data: { ...run, summary: JSON.stringify(run.summary) } });
        await tx.customerSegment.deleteMany({});
        // The rows travel as one JSON parameter per statement (rowSource): at a million customers,
        // a bound parameter per cell kept SQLite's write lock ~10 s in Prisma's client alone.
        for (let i = 0; i < segments.length; i += ROWS_PER_STATEMENT) {
          const rows = segments.slice(i, i + ROWS_PER_STATEMENT).map((s) => [
            s.customerId, created.id, s.segment, s.r, s.f, s.m, s.recencyDays, s.frequency, s.monetary, s.averageBasket, s.clusterId, s.clusterLabel, run.computedAt,
          ]);
          const source = rowSource(this.dialect, 'computed', COLUMNS, rows);
          await tx.$executeRawUnsafe(`WITH ${source.sql} INSERT INTO customer_segments (${NAMES}) SELECT ${NAMES} FROM computed`, ...source.params);
        }
        // Older runs are history nobody reads; keep the table from growing with every import.
        await tx.segmentRun.deleteMany({ where: { id: { lt: created.id - 9 } } });
        return toRun(created);
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }

  async findByCustomer(customerId: string): Promise<StoredCustomerSegment | null> {
    return this.client.customerSegment.findUnique({ where: { customerId } });
  }

  async latestRun(): Promise<SegmentRun | null> {
    const row = await this.client.segmentRun.findFirst({ orderBy: { id: 'desc' } });
    return row ? toRun(row) : null;
  }

  async count(): Promise<number> {
    return this.client.customerSegment.count();
  }
}
