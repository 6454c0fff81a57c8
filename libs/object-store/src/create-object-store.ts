import { LocalObjectStore } from './local/local-object-store';
import type { ObjectStore } from './object-store';
import { S3ObjectStore, type S3ObjectStoreOptions } from './s3/s3-object-store';

export type ObjectStoreConfig = { kind: 'local'; root?: string } | ({ kind: 's3' } & S3ObjectStoreOptions);

/**
 * The backend the configuration names; usable without DI.
 *
 *   createObjectStore({ kind: 'local', root: './data/objects' })
 *   createObjectStore({ kind: 's3', endpoint: 'http://127.0.0.1:9000', bucket: 'reco', region: 'us-east-1' })
 */
export function createObjectStore(config: ObjectStoreConfig): ObjectStore {
  switch (config.kind) {
    case 'local':
      return new LocalObjectStore({ root: config.root });
    case 's3': {
      const { kind: _kind, ...options } = config;
      return new S3ObjectStore(options);
    }
    default:
      throw new Error(`Unknown object store kind ${JSON.stringify((config as { kind: unknown }).kind)}`);
  }
}
