import type { ImportConnection } from '../import-connection';

/** Awaited by the import's connection before it does something: a test holds the import there. */
export interface ConnectionPauses {
  /** Before a transaction begins (outside it: nothing is locked). */
  beforeTransaction?(): Promise<void>;
  /** Inside a staging transaction, before its rows are written. */
  beforeStage?(): Promise<void>;
  /** Before each statement (`run`), e.g. one of the publish transaction. */
  beforeRun?(sql: string): Promise<void>;
}

/** `inner`, waiting for `pauses` at those points. */
export function pausedConnection(inner: ImportConnection, pauses: ConnectionPauses): ImportConnection {
  return {
    provider: inner.provider,
    run: async (sql, params) => {
      await pauses.beforeRun?.(sql);
      return inner.run(sql, params);
    },
    all: (sql, params) => inner.all(sql, params),
    transaction: async (work) => {
      await pauses.beforeTransaction?.();
      return inner.transaction(work);
    },
    stageRows: async (attemptId, batch) => {
      await pauses.beforeStage?.();
      return inner.stageRows(attemptId, batch);
    },
    afterPublish: () => inner.afterPublish(),
    close: () => inner.close(),
  };
}

/**
 * A promise that never settles: the import waits there until its process is killed. The timer
 * keeps the process alive (an empty event loop would end it with exit code 0).
 */
export function forever(): Promise<never> {
  return new Promise<never>(() => setInterval(() => undefined, 60_000));
}
