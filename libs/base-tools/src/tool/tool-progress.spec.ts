import { z } from 'zod';
import { defineTool } from './define-tool';
import type { ToolLogger, ToolProgress } from './tool-context';
import { ToolRegistry } from './tool-registry';

/** Reports three steps, then (when asked) one more after it answered, as a careless tool might. */
const stepper = defineTool({
  name: 'stepper',
  description: 'Reports its steps as progress',
  input: z.object({ lateReport: z.boolean().default(false) }),
  output: z.object({ done: z.boolean() }),
  execute: async ({ lateReport }, ctx) => {
    ctx.reportProgress(0, 3, 'starting');
    await new Promise((resolve) => setTimeout(resolve, 5));
    ctx.reportProgress(1, 3);
    ctx.reportProgress(Number.NaN, 3, 'not a number: dropped');
    ctx.reportProgress(3, undefined, 'done');
    if (lateReport) setTimeout(() => ctx.reportProgress(4, 3, 'after the answer'), 5);
    return { done: true };
  },
});

function recordingLogger(warnings: unknown[]): ToolLogger {
  const logger: ToolLogger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (obj, msg) => warnings.push(msg ?? obj),
    error: () => undefined,
    child: () => logger,
  };
  return logger;
}

describe('ToolContext.reportProgress', () => {
  const registry = new ToolRegistry().register(stepper);

  it("hands each report to the caller's listener, in order, with total and message when given", async () => {
    const updates: ToolProgress[] = [];
    const result = await registry.invoke('stepper', {}, { onProgress: (update) => updates.push(update) });
    expect(result).toMatchObject({ ok: true, data: { done: true } });
    expect(updates).toEqual([{ progress: 0, total: 3, message: 'starting' }, { progress: 1, total: 3 }, { progress: 3, message: 'done' }]);
  });

  it('is a no-op for a caller that asked for no progress', async () => {
    await expect(registry.invoke('stepper', {})).resolves.toMatchObject({ ok: true, data: { done: true } });
  });

  it('reports nothing once the call has answered', async () => {
    const updates: ToolProgress[] = [];
    await registry.invoke('stepper', { lateReport: true }, { onProgress: (update) => updates.push(update) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(updates.map((u) => u.progress)).toEqual([0, 1, 3]);
  });

  it('never fails the call for a listener that throws or rejects: the first failure is logged', async () => {
    const warnings: unknown[] = [];
    const logger = recordingLogger(warnings);
    const throwing = await registry.invoke('stepper', {}, { logger, onProgress: () => {
      throw new Error('listener broke');
    } });
    expect(throwing).toMatchObject({ ok: true, data: { done: true } });
    expect(warnings).toEqual(['progress listener failed; the call goes on']);

    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const rejecting = await registry.invoke('stepper', {}, { logger, onProgress: () => Promise.reject(new Error('client gone')) });
      expect(rejecting).toMatchObject({ ok: true, data: { done: true } });
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
      expect(warnings).toHaveLength(2);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
