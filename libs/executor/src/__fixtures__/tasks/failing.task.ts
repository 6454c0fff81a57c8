import { defineTask } from '../../index';

export type CrashMode = 'exit' | 'uncaught' | 'oom';

/** Fails the normal way: the handler throws. */
export default defineTask((payload: { message: string }) => {
  const err = new RangeError(payload.message) as RangeError & { code: string };
  err.code = 'E_FIXTURE';
  throw err;
});

/** Kills its worker in one of the ways a real task can. */
export const crash = defineTask(async ({ mode }: { mode: CrashMode }) => {
  if (mode === 'exit') process.exit(3);
  if (mode === 'uncaught') {
    setTimeout(() => {
      throw new Error('thrown outside the handler');
    }, 1);
    await new Promise(() => undefined);
  }
  const hog: number[][] = [];
  for (;;) hog.push(new Array(1_000_000).fill(1));
});
