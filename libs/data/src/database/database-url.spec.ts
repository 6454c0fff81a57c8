import path from 'node:path';
import { resolveDatabaseUrl } from './database-url';

describe('resolveDatabaseUrl', () => {
  it('resolves SQLite files against the base directory', () => {
    expect(resolveDatabaseUrl('file:./data/reco.db', '/srv/reco')).toMatchObject({ provider: 'sqlite', target: path.resolve('/srv/reco/data/reco.db') });
  });

  it('selects PostgreSQL and masks the password', () => {
    expect(resolveDatabaseUrl('postgresql://reco:secret@db:5432/reco')).toMatchObject({
      provider: 'postgresql',
      display: 'postgresql://reco:***@db:5432/reco',
    });
  });

  it('rejects other schemes', () => {
    expect(() => resolveDatabaseUrl('mysql://x')).toThrow(/file: \(SQLite\) or postgresql/);
  });
});
