import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { openDatabase, type Database } from '../../database/open-database';
import { describeEachBackend, MALFORMED_CSV, SAMPLE_CSV, type TestDatabase } from '../../testing/test-databases';
import { ImportFileError } from '../import-file';

describeEachBackend('OnlineRetailImporter', (backend) => {
  let testDb: TestDatabase;
  let db: Database;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'reco-import-'));
    testDb = await backend.create();
    db = await openDatabase({ url: testDb.url });
    await db.migrate();
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports real-world rows and rejects malformed ones with their line and reason', async () => {
    const summary = await db.importer.import(MALFORMED_CSV);
    expect(summary.rowsRead).toBe(15);
    expect(summary.rejected.byReason).toEqual({
      'bad date': 1,
      'bad quantity': 1,
      'missing stock code': 1,
      'bad unit price': 1,
      'wrong column count': 1,
    });
    expect(summary.rejected.first.map((r) => r.line)).toEqual([7, 8, 9, 10, 16]);
    expect(summary.inFile).toMatchObject({ orders: 5, cancelledOrders: 1, guestOrders: 2, orderLines: 10, returns: 1, customers: 2 });
    expect(summary.database).toMatchObject({
      customersWithOrders: 2,
      orders: 5,
      orderLines: 10,
      returns: 1,
      merchandiseProducts: 4,
      activeProducts: 3,
      nonMerchandiseProducts: 2,
    });
    const [heart, lantern, post, voucher, damaged] = await db.products.findByIds(['85123A', '71053', 'POST', 'GIFT_0001_20', '21730']);
    expect(heart).toMatchObject({ title: 'WHITE HANGING HEART T-LIGHT HOLDER', price: 2.95, typicalPrice: 2.55, available: true });
    expect(lantern?.title).toBe('WHITE METAL LANTERN'); // a tie goes to the first alphabetically
    expect(post).toMatchObject({ recommendable: false, available: false });
    expect(voucher).toMatchObject({ recommendable: false });
    expect(damaged).toMatchObject({ recommendable: true, available: false }); // only ever priced 0
    expect(await db.customers.findById('17850')).toMatchObject({
      country: 'United Kingdom',
      firstSeenAt: new Date('2010-12-01T08:26:00Z'),
      lastSeenAt: new Date('2010-12-03T11:00:00Z'),
    });
    const [cancellation] = await db.orders.findByInvoiceNos(['C536368']);
    expect(cancellation).toMatchObject({ customerId: '17850', cancelled: true, lines: [{ productId: '85123A', quantity: -2 }] });
    const [guest] = await db.orders.findByInvoiceNos(['536366']);
    expect(guest?.customerId).toBeNull();
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await db.importer.import(MALFORMED_CSV);
    const again = await db.importer.import(MALFORMED_CSV);
    expect(again.inserted).toEqual({ orders: 0, orderLines: 0, customers: 0, products: 0 });
    expect(again.database).toEqual(before.database);
  });

  it('adds a later file to what is there, and aggregates reflect both', async () => {
    const text = gunzipSync(readFileSync(SAMPLE_CSV)).toString('utf8').trimEnd().split('\n');
    const [header, ...rows] = text;
    // Rows are in time order with whole invoices together: a date cut never splits an invoice.
    const early = rows.filter((r) => /,2011-0[1-5]-|,2010-/.test(r));
    const earlyFile = path.join(dir, 'early.csv');
    writeFileSync(earlyFile, [header, ...early].join('\n'));
    const first = await db.importer.import(earlyFile);
    expect(first.rejected.total).toBe(0);
    const full = await db.importer.import(SAMPLE_CSV);
    expect(full.rowsRead).toBe(rows.length);
    expect(full.rejected.total).toBe(0);
    expect(full.inserted.orderLines).toBe(rows.length - early.length);
    // The fixture's 5 orders and 10 lines are still there, beside the whole sample.
    expect(full.database.orders).toBe(full.inFile.orders + 5);
    expect(full.database.orderLines).toBe(full.inFile.orderLines + 10);
    expect(full.inFile.customers).toBeGreaterThan(250);
    expect(full.inFile.merchandiseProducts).toBeGreaterThan(1000);
    const again = await db.importer.import(SAMPLE_CSV);
    expect(again.database).toEqual(full.database);
  });

  it('reports a missing file or a file of another format as a file error', async () => {
    await expect(db.importer.import(path.join(dir, 'missing.csv'))).rejects.toThrow(ImportFileError);
    await expect(db.importer.import(path.join(dir, 'missing.csv'))).rejects.toThrow(/no such file/);
    const other = path.join(dir, 'other.csv');
    writeFileSync(other, 'a,b,c\n1,2,3\n');
    await expect(db.importer.import(other)).rejects.toThrow(/not an Online Retail CSV/);
    const broken = path.join(dir, 'broken.csv.gz');
    writeFileSync(broken, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]));
    await expect(db.importer.import(broken)).rejects.toThrow(ImportFileError);
  });

  it('merges stock codes that differ in case, and never recommends fee lines', async () => {
    const file = path.join(dir, 'codes.csv');
    writeFileSync(
      file,
      [
        'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
        '990001,85014a,BLACK/BLUE POLKADOT UMBRELLA,2,2011-01-04 10:00:00,5.95,12583.0,France',
        '990001,23444,Next Day Carriage,1,2011-01-04 10:00:00,15.00,12583.0,France',
        '990002,85014A,BLACK/BLUE POLKADOT UMBRELLA,1,2011-01-05 10:00:00,5.95,17850.0,United Kingdom',
        '990002,23099,FRENCH CARRIAGE LANTERN,1,2011-01-05 10:00:00,4.95,17850.0,United Kingdom',
      ].join('\n'),
    );
    expect((await db.importer.import(file)).rejected.total).toBe(0);
    expect(await db.products.findById('85014a')).toBeNull();
    const [umbrella, carriage, lantern] = await db.products.findByIds(['85014A', '23444', '23099']);
    expect(umbrella).toMatchObject({ id: '85014A', recommendable: true, available: true, currency: 'GBP', createdAt: new Date('2011-01-04T10:00:00Z') });
    expect((await db.orders.findByInvoiceNos(['990001', '990002'])).flatMap((o) => o.lines.map((l) => l.productId))).toEqual(['85014A', '23444', '85014A', '23099']);
    expect(carriage).toMatchObject({ title: 'Next Day Carriage', recommendable: false, available: false });
    expect(lantern).toMatchObject({ recommendable: true, available: true }); // goods that only mention the word
  });

  it('leaves products the shop sent, and keeps a product the shop hid hidden', async () => {
    await db.products.upsertMany([{ id: 'SKU-1', title: 'Open-format mug', price: 9.5, categories: ['Home > Kitchen'] }]);
    const sent = await db.products.findById('SKU-1');
    expect(await db.products.hide('85014A')).toBe(true);
    await db.importer.import(path.join(dir, 'codes.csv'));
    expect(await db.products.findById('SKU-1')).toEqual(sent);
    expect(await db.products.findById('85014A')).toMatchObject({ recommendable: false, available: false });
  });
});
