import type { InjectionToken } from 'tsyringe';
import type { DatabaseHandle } from './database/open-database';

/** Container tokens of @reco/data (registered by @reco/runtime's composition root). */
export const DATA_TOKENS = {
  /** The DatabaseHandle: the database, opened on the first `get()`. */
  Database: Symbol('Database') as InjectionToken<DatabaseHandle>,
} as const;
