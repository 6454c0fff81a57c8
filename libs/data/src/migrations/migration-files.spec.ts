import { readFileSync } from 'node:fs';
import path from 'node:path';
import { derivePostgresSchema } from '../../scripts/derive-postgres-schema';
import { loadMigrationFiles, splitStatements } from './migration-files';

describe('migration files', () => {
  it('has the same migrations for both providers', () => {
    expect(loadMigrationFiles('sqlite').map((m) => m.id)).toEqual(loadMigrationFiles('postgresql').map((m) => m.id));
  });

  it('splits a script into statements without comments', () => {
    expect(splitStatements('-- CreateTable\nCREATE TABLE "a" (\n  "x" TEXT\n);\n\n-- CreateIndex\nCREATE INDEX "i" ON "a"("x");\n')).toEqual([
      'CREATE TABLE "a" (\n  "x" TEXT\n)',
      'CREATE INDEX "i" ON "a"("x")',
    ]);
  });

  it('keeps the committed PostgreSQL schema derived from the one source', () => {
    const prisma = path.join(__dirname, '..', '..', 'prisma');
    expect(readFileSync(path.join(prisma, 'postgresql', 'schema.prisma'), 'utf8')).toBe(
      derivePostgresSchema(readFileSync(path.join(prisma, 'schema.prisma'), 'utf8')),
    );
  });
});
