import { defineTask } from '../../index';

/** Waits (timer) or burns CPU (busy loop) for `ms`, then answers with `id`. */
export default defineTask(async ({ ms, id, busy }: { ms: number; id?: number; busy?: boolean }) => {
  const started = Date.now();
  if (busy) {
    let x = 0;
    while (Date.now() - started < ms) x += Math.sqrt(x + 1);
    return { id, x: x > 0, startedAt: started, endedAt: Date.now() };
  }
  await new Promise((resolve) => setTimeout(resolve, ms));
  return { id, x: true, startedAt: started, endedAt: Date.now() };
});
