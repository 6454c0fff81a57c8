export type ObjectStoreErrorCode =
  | 'INVALID_KEY' // the key breaks the key rules (validateObjectKey)
  | 'KEY_CONFLICT' // local folder only: `a` and `a/b` cannot both exist as file and folder
  | 'TIMEOUT' // the backend did not answer in time
  | 'UNAVAILABLE'; // the backend failed (network, permissions, missing bucket...)

export class ObjectStoreError extends Error {
  constructor(
    readonly code: ObjectStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ObjectStoreError';
  }
}

export function isObjectStoreError(err: unknown, code?: ObjectStoreErrorCode): err is ObjectStoreError {
  return err instanceof ObjectStoreError && (code === undefined || err.code === code);
}
