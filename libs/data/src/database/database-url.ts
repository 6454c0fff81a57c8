import path from 'node:path';

export type DatabaseProvider = 'sqlite' | 'postgresql';

export interface ResolvedDatabaseUrl {
  provider: DatabaseProvider;
  /** For SQLite: an absolute file path (or `:memory:`); for PostgreSQL: the connection string. */
  target: string;
  /** The URL with any password masked, for logs and messages. */
  display: string;
}

/** The embedded default when DATABASE_URL is unset. */
export const DEFAULT_SQLITE_URL = 'file:./data/reco.db';

/**
 * `file:<path>` (relative paths resolve against `baseDir`) selects SQLite; `postgres://` or
 * `postgresql://` selects PostgreSQL. Anything else is a configuration error.
 */
export function resolveDatabaseUrl(url: string, baseDir = process.cwd()): ResolvedDatabaseUrl {
  if (url.startsWith('file:')) {
    const file = url.slice('file:'.length).replace(/^\/\/(?=\/)/, '').split('?')[0] ?? '';
    if (!file) throw new Error(`DATABASE_URL ${JSON.stringify(url)} names no file`);
    const target = file === ':memory:' ? file : path.resolve(baseDir, file);
    return { provider: 'sqlite', target, display: `file:${target}` };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    return { provider: 'postgresql', target: url, display: url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@') };
  }
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (got ${JSON.stringify(url.split(':')[0])}:...)`);
}
