// Derives prisma/postgresql/schema.prisma from prisma/schema.prisma, the one source of truth:
// only the datasource provider/url and the generator output differ.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const PRISMA_DIR = path.join(__dirname, '..', 'prisma');
export const SQLITE_SCHEMA = path.join(PRISMA_DIR, 'schema.prisma');
export const POSTGRES_SCHEMA = path.join(PRISMA_DIR, 'postgresql', 'schema.prisma');

export function derivePostgresSchema(source: string): string {
  const replaced = source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/url\s*=\s*"file:[^"]*"/, 'url      = env("DATABASE_URL")')
    .replace(/output(\s*)=\s*"\.\.\/src\/generated\/sqlite"/, 'output$1= "../../src/generated/postgresql"');
  if (replaced === source || !replaced.includes('"postgresql"') || !replaced.includes('generated/postgresql')) {
    throw new Error('schema.prisma no longer has the expected datasource/generator lines; update derive-postgres-schema.ts');
  }
  return `// GENERATED from ../schema.prisma by scripts/derive-postgres-schema.ts: do not edit.\n${replaced}`;
}

export function writePostgresSchema(): string {
  mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
  writeFileSync(POSTGRES_SCHEMA, derivePostgresSchema(readFileSync(SQLITE_SCHEMA, 'utf8')));
  return POSTGRES_SCHEMA;
}

if (require.main === module) console.log(`wrote ${path.relative(process.cwd(), writePostgresSchema())}`);
