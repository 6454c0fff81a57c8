import { createHash } from 'node:crypto';
import type { Arm, Experiment } from '../merchandising/merchandising-schemas';

/**
 * Who an assignment is for: the customer id, else `session:<id>` (so a session can never take the
 * arm of a customer whose id happens to equal it). No customer and no session: no shopper, and so
 * no experiment (undefined).
 */
export function shopperKey(shopper: { userId?: string | null; sessionId?: string | null }): string | undefined {
  if (shopper.userId) return shopper.userId;
  if (shopper.sessionId) return `session:${shopper.sessionId}`;
  return undefined;
}

const TWO_POW_20 = 2 ** 20;
const TWO_POW_52 = 2 ** 52;

/**
 * A number in [0, 1), uniform, fixed by `<experiment id>:<shopper key>`: the first 52 bits of its
 * SHA-1 (the most a double holds exactly). SHA-1 is no security measure here, only a hash every
 * process and every Node version computes alike; the experiment id in it makes experiments assign
 * independently of each other.
 */
export function assignmentPoint(experimentId: string, key: string): number {
  const digest = createHash('sha1').update(`${experimentId}:${key}`, 'utf8').digest();
  const high = digest.readUInt32BE(0);
  const low = digest.readUInt32BE(4) >>> 12; // the next 20 bits
  return (high * TWO_POW_20 + low) / TWO_POW_52;
}

/**
 * The arm this shopper sees in this experiment, on every call, process and instance: the arm whose
 * share of the cumulative weights contains the shopper's assignment point. Weights are relative
 * (20/30/50 and 2/3/5 assign alike). Changing weights or arms moves shoppers, which is why a
 * running experiment's arms cannot be changed.
 */
export function assignArm(experiment: Pick<Experiment, 'id' | 'arms'>, key: string): Arm {
  const { arms } = experiment;
  if (arms.length === 0) throw new Error(`experiment ${experiment.id}: arms: must not be empty`);
  const total = arms.reduce((sum, arm) => sum + arm.weight, 0);
  if (!(total > 0) || !Number.isFinite(total)) throw new Error(`experiment ${experiment.id}: arms: weights must be positive numbers`);
  const target = assignmentPoint(experiment.id, key) * total;
  let cumulative = 0;
  for (const arm of arms) {
    cumulative += arm.weight;
    if (target < cumulative) return arm;
  }
  // Only reachable through rounding of the running sum just below the total.
  return arms[arms.length - 1];
}

/**
 * The experiment a request on this placement takes part in: a running experiment for exactly this
 * placement wins over a running one for all placements; the plain recommendation routes (placement
 * undefined) take part only in all-placement experiments. When several qualify at the same level,
 * the smallest id wins, so every instance picks the same one whatever order it loaded them in.
 */
export function experimentFor<E extends Pick<Experiment, 'id' | 'state' | 'placement'>>(experiments: readonly E[], placement: string | undefined): E | undefined {
  let forPlacement: E | undefined;
  let forAll: E | undefined;
  for (const experiment of experiments) {
    if (experiment.state !== 'running') continue;
    if (experiment.placement == null) {
      if (!forAll || experiment.id < forAll.id) forAll = experiment;
    } else if (placement !== undefined && experiment.placement === placement) {
      if (!forPlacement || experiment.id < forPlacement.id) forPlacement = experiment;
    }
  }
  return forPlacement ?? forAll;
}
