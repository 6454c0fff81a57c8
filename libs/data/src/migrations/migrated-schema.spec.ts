import { schemaFromEmpty } from '../../scripts/prisma-tasks';
import { openDatabase } from '../database/open-database';
import { runScript, schemaCatalog } from '../testing/schema-catalog';
import { describeEachBackend } from '../testing/test-databases';

// Migrations are written by `prisma migrate diff` and then edited by hand where they convert
// data (0003 renames columns and fills new ones from old ones): this proves they still build
// exactly the schema schema.prisma describes, as Prisma would create it in an empty database.
describeEachBackend('committed migrations', (backend) => {
  it('build the schema that schema.prisma describes', async () => {
    const migrated = await backend.create();
    const reference = await backend.create();
    try {
      const db = await openDatabase({ url: migrated.url });
      await db.migrate();
      await db.close();
      await runScript(reference.url, schemaFromEmpty(backend.name));
      const expected = await schemaCatalog(reference.url);
      expect(expected.length).toBeGreaterThan(50);
      expect(await schemaCatalog(migrated.url)).toEqual(expected);
    } finally {
      await migrated.drop();
      await reference.drop();
    }
  }, 60_000);
});
