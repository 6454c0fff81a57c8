// Offline Prisma tasks of @reco/data:
//   generate               derive the PostgreSQL schema, generate both clients (src/generated/*)
//   migration <name>       write migrations/<provider>/<NNNN_name>/migration.sql for both providers,
//                          diffed from the previous migration's schema snapshot (or from empty);
//                          a migration that converts data is then edited by hand, and
//                          src/migrations/migrated-schema.spec.ts proves it still builds the schema
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { POSTGRES_SCHEMA, PRISMA_DIR, SQLITE_SCHEMA, writePostgresSchema } from './derive-postgres-schema';

const PROVIDERS = ['sqlite', 'postgresql'] as const;
export type Provider = (typeof PROVIDERS)[number];
const PRISMA_CLI = require.resolve('prisma/build/index.js');
const CONFIG = path.join(PRISMA_DIR, 'prisma.config.ts');
const MIGRATIONS_DIR = path.join(PRISMA_DIR, 'migrations');

function prisma(provider: Provider, args: string[], quiet = false): string {
  return execFileSync(process.execPath, [PRISMA_CLI, ...args, '--config', CONFIG], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', quiet ? 'pipe' : 'inherit'],
    env: {
      ...process.env,
      RECO_PRISMA_PROVIDER: provider,
      // Never download anything: there is no engine binary to fetch, and no network to fetch it from.
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
      DATABASE_URL: process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    },
  });
}

function schemaOf(provider: Provider): string {
  return provider === 'sqlite' ? SQLITE_SCHEMA : POSTGRES_SCHEMA;
}

const GENERATED_DIR = path.join(PRISMA_DIR, '..', 'src', 'generated');

/**
 * The generated null-type constants have an anonymous class type that declaration emit
 * (composite projects) rejects with TS4094; name their type through the exported runtime value.
 */
function patchGenerated(provider: Provider): void {
  for (const file of ['prismaNamespace.ts', 'prismaNamespaceBrowser.ts']) {
    const target = path.join(GENERATED_DIR, provider, 'internal', file);
    const source = readFileSync(target, 'utf8');
    writeFileSync(
      target,
      source.replace(
        /export const (DbNull|JsonNull|AnyNull) = runtime\.objectEnumValues\.instances\.\1/g,
        'export const $1: InstanceType<typeof runtime.objectEnumValues.classes.$1> = runtime.objectEnumValues.instances.$1',
      ),
    );
  }
}

export function generate(): void {
  writePostgresSchema();
  for (const provider of PROVIDERS) {
    prisma(provider, ['generate', '--schema', schemaOf(provider)]);
    patchGenerated(provider);
    console.log(`generated ${provider} client`);
  }
}

/** The SQL that creates the committed schema in an empty database, as Prisma writes it. */
export function schemaFromEmpty(provider: Provider): string {
  return prisma(provider, ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', schemaOf(provider), '--script'], true);
}

export function newMigration(name: string): void {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error('migration name: lowercase letters, digits and _ only');
  writePostgresSchema();
  for (const provider of PROVIDERS) {
    const dir = path.join(MIGRATIONS_DIR, provider);
    mkdirSync(dir, { recursive: true });
    const existing = readdirSync(dir).filter((d) => /^\d{4}_/.test(d)).sort();
    const previous = existing.at(-1);
    const from = previous ? ['--from-schema-datamodel', path.join(dir, previous, 'schema.prisma')] : ['--from-empty'];
    const sql = prisma(provider, ['migrate', 'diff', ...from, '--to-schema-datamodel', schemaOf(provider), '--script']);
    if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
      console.log(`${provider}: schema unchanged, no migration written`);
      continue;
    }
    const target = path.join(dir, `${String(existing.length + 1).padStart(4, '0')}_${name}`);
    if (existsSync(target)) throw new Error(`${target} exists`);
    mkdirSync(target);
    writeFileSync(path.join(target, 'migration.sql'), sql);
    // The snapshot the next migration is diffed from.
    copyFileSync(schemaOf(provider), path.join(target, 'schema.prisma'));
    console.log(`wrote ${path.relative(process.cwd(), target)}`);
  }
}

if (require.main === module) {
  const [task, arg] = process.argv.slice(2);
  if (task === 'generate') generate();
  else if (task === 'migration' && arg) newMigration(arg);
  else {
    console.error('usage: prisma-tasks generate | migration <name>');
    process.exit(2);
  }
}
