import { openDatabase, type Database } from '../database/open-database';
import { toDate } from './raw-sql';
import { describeEachBackend, type TestDatabase } from '../testing/test-databases';
import { ROWS_PER_STATEMENT, rowSource, type RowColumn } from './row-source';

const COLUMNS: RowColumn[] = [
  { name: 'label', pgType: 'text' },
  { name: 'amount', pgType: 'int' },
  { name: 'price', pgType: 'float8' },
  { name: 'flag', pgType: 'bool' },
  { name: 'at', pgType: 'timestamp(3)' },
];

type Row = [string | null, number | null, number | null, boolean | null, Date | null];

describeEachBackend('rowSource', (backend) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await backend.create();
    db = await openDatabase({ url: testDb.url });
    const [double, time] = backend.name === 'sqlite' ? ['REAL', 'DATETIME'] : ['DOUBLE PRECISION', 'TIMESTAMP(3)'];
    await db.client.$executeRawUnsafe(`CREATE TABLE probe (n INTEGER, label TEXT, amount INTEGER, price ${double}, flag BOOLEAN, at ${time})`);
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  /** The rows stored from the source into typed columns and read back, in the order they were stored. */
  async function roundTrip(rows: Row[]): Promise<Row[]> {
    await db.client.$executeRawUnsafe('DELETE FROM probe');
    const source = rowSource(db.dialect, 'src', COLUMNS, rows);
    // The row number comes from the database's counter as the rows arrive: it shows their order.
    await db.client.$executeRawUnsafe(
      `WITH ${source.sql} INSERT INTO probe (n, label, amount, price, flag, at) SELECT ROW_NUMBER() OVER (), label, amount, price, flag, at FROM src`,
      ...source.params,
    );
    const read = await db.client.$queryRawUnsafe<Record<string, unknown>[]>('SELECT label, amount, price, flag, at FROM probe ORDER BY n');
    return read.map((r) => [
      r['label'] as string | null,
      r['amount'] === null ? null : Number(r['amount']),
      r['price'] === null ? null : Number(r['price']),
      r['flag'] === null ? null : r['flag'] === true || Number(r['flag']) === 1,
      toDate(r['at']),
    ]);
  }

  it('hands every value back as sent, in order: quotes, JSON-looking text, unicode, nulls, numbers, times', async () => {
    const rows: Row[] = [
      [`it's "quoted", with a comma`, 2, 11.89, true, new Date('2024-01-01T00:04:16.123Z')],
      ['{"looks": ["like", "json"]}', 0, 0.1 + 0.2, false, new Date('1999-12-31T23:59:59.999Z')],
      ['Grüße, 雨, 🙂 \\ back\\slash\nnew line', -7, 1e-9, null, null],
      [null, null, null, null, new Date('2024-02-29T12:00:00Z')],
      ['', 2147483647, 123456789.125, true, new Date(0)],
    ];
    expect(await roundTrip(rows)).toEqual(rows);
  });

  it('carries a full statement of rows', async () => {
    const rows = Array.from({ length: ROWS_PER_STATEMENT }, (_, i): Row => [`row-${i}`, i, i / 4, i % 2 === 0, new Date(Date.UTC(2024, 0, 1) + i * 1000)]);
    const back = await roundTrip(rows);
    expect(back).toHaveLength(ROWS_PER_STATEMENT);
    expect(back[0]).toEqual(rows[0]);
    expect(back.at(-1)).toEqual(rows.at(-1));
  });
});
