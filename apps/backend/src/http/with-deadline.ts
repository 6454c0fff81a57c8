/**
 * `work`, or a rejection with `message` once `ms` have passed, whichever comes first; the timer
 * never outlives the race. For calls whose client has no timeout of its own (a queue waiting for
 * its connection, a key-set fetch, a database listing).
 */
export function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
