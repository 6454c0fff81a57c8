// The worker-thread entry point piscina loads (`filename`): it loads registered task modules on
// demand, calls their handler, and answers with a TaskOutcome. Runs as .ts (through tsx's
// require hook, see worker-loader.ts) or as built .js.
import { threadId } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { isTaskDefinition, type TaskHandler } from '../task/define-task';
import { isWithTransfer } from '../task/transfer';
import { serializeError, type TaskEnvelope, type TaskOutcome } from './task-envelope';

const handlers = new Map<string, TaskHandler<unknown, unknown>>();

function loadHandler(modulePath: string, exportName: string): TaskHandler<unknown, unknown> {
  const key = `${modulePath}#${exportName}`;
  const cached = handlers.get(key);
  if (cached) return cached;
  const mod = require(modulePath) as Record<string, unknown>;
  // `module.exports = defineTask(...)` (plain JS) counts as the default export.
  const exported = exportName === 'default' && isTaskDefinition(mod) ? mod : mod[exportName];
  let handler: TaskHandler<unknown, unknown>;
  if (isTaskDefinition(exported)) handler = exported.handler as TaskHandler<unknown, unknown>;
  else if (typeof exported === 'function') handler = exported as TaskHandler<unknown, unknown>;
  else throw new Error(`${modulePath} has no export "${exportName}" made with defineTask(...) (found ${typeof exported})`);
  handlers.set(key, handler);
  return handler;
}

export default async function runTask(envelope: TaskEnvelope): Promise<unknown> {
  let handler: TaskHandler<unknown, unknown>;
  try {
    handler = loadHandler(envelope.modulePath, envelope.exportName);
  } catch (err) {
    return { ok: false, kind: 'BAD_TASK_MODULE', error: serializeError(err) } satisfies TaskOutcome;
  }
  try {
    const result = await handler(envelope.payload, { task: envelope.task, threadId });
    if (!isWithTransfer(result)) return { ok: true, value: result } satisfies TaskOutcome;
    // piscina transfers what a "movable" answer lists instead of cloning it.
    return Piscina.move({
      [Piscina.transferableSymbol]: result.transferList,
      [Piscina.valueSymbol]: { ok: true, value: result.value } satisfies TaskOutcome,
    } as never);
  } catch (err) {
    return { ok: false, kind: 'TASK_FAILED', error: serializeError(err) } satisfies TaskOutcome;
  }
}
