/**
 * What a shop's merchandisers keep in the database: rules, placement settings and experiments.
 * The data layer stores each as a JSON body under its kind and id, with who made and last changed
 * it; @reco/recommendation-tools validates the bodies. Every write adds a change (the audit) in
 * the same transaction, and the last change's sequence number is the merchandising revision every
 * instance compares to know its copy is current.
 */
export const MERCHANDISING_KINDS = ['rule', 'placement', 'experiment'] as const;
export type MerchandisingKind = (typeof MERCHANDISING_KINDS)[number];

export interface MerchandisingObject {
  kind: MerchandisingKind;
  /** The shop's or the server's id: 1-128 printable characters (placements: their name). */
  id: string;
  /** The object as @reco/recommendation-tools validated it (parsed JSON). */
  body: unknown;
  createdAt: Date;
  /** Who: the API key's name, `customer:<id>`, or `cli`. */
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}

export type MerchandisingAction = 'create' | 'update' | 'delete';

/** One write, as the audit shows it. */
export interface MerchandisingChange {
  /** Increasing over all kinds: the revision after this change. */
  seq: number;
  kind: MerchandisingKind;
  objectId: string;
  action: MerchandisingAction;
  actor: string;
  at: Date;
  /** The body after the change; null for a delete. */
  body: unknown;
}

/** `put` with `mustBeNew` found the id taken (HTTP 409). */
export class MerchandisingConflictError extends Error {
  constructor(
    readonly kind: MerchandisingKind,
    readonly id: string,
  ) {
    super(`a ${kind} with id ${JSON.stringify(id)} exists`);
    this.name = 'MerchandisingConflictError';
  }
}

/** What a write's `check` may read: the objects as they are inside its transaction. */
export interface MerchandisingCheckReader {
  list(kind: MerchandisingKind): Promise<MerchandisingObject[]>;
}

/**
 * A precondition run inside the write's transaction, after the write lock: `existing` is the
 * object as stored then (undefined when there is none), and `read` sees the other objects as no
 * concurrent write can change them until this one commits. Throwing aborts the write: nothing is
 * written and nothing audited, and the error reaches the caller.
 */
export type MerchandisingCheck = (existing: MerchandisingObject | undefined, read: MerchandisingCheckReader) => void | Promise<void>;

export interface MerchandisingPutOptions {
  /** Refuse (MerchandisingConflictError) when the id exists: a create. */
  mustBeNew?: boolean;
  /** Refuse (returns undefined) when the id does not exist: an update. */
  mustExist?: boolean;
  /** Run before the write, under its lock (after `mustBeNew`/`mustExist`). */
  check?: MerchandisingCheck;
}

export interface MerchandisingRemoveOptions {
  /** Run under the write lock before the delete, only when the object exists. */
  check?: MerchandisingCheck;
}

export interface MerchandisingRepository {
  /** All objects of a kind, by id. */
  list(kind: MerchandisingKind): Promise<MerchandisingObject[]>;
  get(kind: MerchandisingKind, id: string): Promise<MerchandisingObject | undefined>;
  /**
   * Creates or replaces the object and records the change, in one transaction; undefined when
   * `mustExist` and there is none. `at` defaults to now.
   */
  put(
    kind: MerchandisingKind,
    id: string,
    body: unknown,
    actor: string,
    options?: MerchandisingPutOptions & { at?: Date },
  ): Promise<{ object: MerchandisingObject; created: boolean } | undefined>;
  /** Deletes it and records the change; false when there was none (nothing recorded). */
  remove(kind: MerchandisingKind, id: string, actor: string, options?: MerchandisingRemoveOptions): Promise<boolean>;
  /** The last change's seq, 0 before any: one indexed read, cheap enough to poll every 500 ms. */
  revision(): Promise<number>;
  /** Changes, newest first (default limit 100, at most 1,000). */
  changes(options?: { kind?: MerchandisingKind; objectId?: string; limit?: number }): Promise<MerchandisingChange[]>;
}
