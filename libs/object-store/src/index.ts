// Public API of @reco/object-store: one ObjectStore contract, a local-folder backend (default)
// and an S3 backend, chosen by configuration.
export type { CallOptions, ObjectBody, ObjectInfo, ObjectMeta, ObjectStore, ObjectStream, PutOptions, PutResult, StoredObject } from './object-store';
export { ObjectStoreError, isObjectStoreError } from './object-store-error';
export type { ObjectStoreErrorCode } from './object-store-error';
export { validateObjectKey, validateListPrefix } from './object-key';
export { DEFAULT_CONTENT_TYPE, TEXT_CONTENT_TYPE } from './object-body';
export { LocalObjectStore, DEFAULT_LOCAL_ROOT } from './local/local-object-store';
export type { LocalObjectStoreOptions } from './local/local-object-store';
export { S3ObjectStore } from './s3/s3-object-store';
export type { S3ObjectStoreOptions } from './s3/s3-object-store';
export { createObjectStore } from './create-object-store';
export type { ObjectStoreConfig } from './create-object-store';
