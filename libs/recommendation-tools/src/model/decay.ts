import { DAY_MS } from './interaction';

/** Weight of something `ageMs` old under a half-life of `halfLifeDays`: 1 now, 1/2 one half-life ago. */
export function decay(ageMs: number, halfLifeDays: number): number {
  return Math.pow(2, -ageMs / (halfLifeDays * DAY_MS));
}
