import { execFileSync } from 'node:child_process';
import type { Experiment } from '../merchandising/merchandising-schemas';
import { assignArm, assignmentPoint, experimentFor, shopperKey } from './arm-assignment';

function experiment(id: string, weights: number[], extra: Partial<Experiment> = {}): Experiment {
  return {
    id,
    name: id,
    state: 'running',
    purchaseWindowHours: 168,
    arms: weights.map((weight, i) => ({ name: `arm-${i}`, weight, config: {} })),
    ...extra,
  };
}

const ids = (n: number, prefix = 'customer-') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('shopperKey', () => {
  it('is the customer id, else the session marked as one, else nobody', () => {
    expect(shopperKey({ userId: 'c-1', sessionId: 's-1' })).toBe('c-1');
    expect(shopperKey({ sessionId: 's-1' })).toBe('session:s-1');
    expect(shopperKey({ userId: null, sessionId: 's-1' })).toBe('session:s-1');
    expect(shopperKey({})).toBeUndefined();
    expect(shopperKey({ userId: '', sessionId: '' })).toBeUndefined();
  });
});

describe('assignArm', () => {
  it('is fixed by the SHA-1 of "<experiment>:<shopper>" (the same in every process and Node version)', () => {
    // SHA-1("exp-1:alice") = 484fd4a59c680…: its first 52 bits (13 hex digits) over 2^52.
    expect(assignmentPoint('exp-1', 'alice')).toBeCloseTo(0.28246811907993674, 15);
    expect(assignmentPoint('exp-1', 'session:s-42')).toBeCloseTo(0.712028524420294, 15);
    const fiftyFifty = experiment('exp-1', [1, 1]);
    expect(assignArm(fiftyFifty, 'alice').name).toBe('arm-0');
    expect(assignArm(fiftyFifty, 'session:s-42').name).toBe('arm-1');
  });

  it('gives another process the same arms', () => {
    const e = experiment('exp-stable', [20, 30, 50]);
    const here = ids(50).map((id) => assignArm(e, id).name);
    const script = `const {createHash}=require('node:crypto');const w=[20,30,50];const out=[];for(let i=0;i<50;i++){const d=createHash('sha1').update('exp-stable:customer-'+i).digest();const u=(d.readUInt32BE(0)*2**20+(d.readUInt32BE(4)>>>12))/2**52*100;let c=0,a=2;for(let j=0;j<3;j++){c+=w[j];if(u<c){a=j;break}}out.push('arm-'+a)}console.log(JSON.stringify(out))`;
    const there = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as string[];
    expect(here).toEqual(there);
    expect(ids(50).map((id) => assignArm(e, id).name)).toEqual(here);
  });

  it('honours weights 20/30/50 over 10,000 ids within 2 points', () => {
    const e = experiment('exp-weights', [20, 30, 50]);
    const counts = new Map<string, number>();
    for (const id of ids(10_000)) {
      const arm = assignArm(e, id).name;
      counts.set(arm, (counts.get(arm) ?? 0) + 1);
    }
    const share = (arm: string) => (counts.get(arm) ?? 0) / 10_000;
    expect(Math.abs(share('arm-0') - 0.2)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(share('arm-1') - 0.3)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(share('arm-2') - 0.5)).toBeLessThanOrEqual(0.02);
  });

  it('honours weights for session keys too, and relative weights assign alike', () => {
    const sessions = ids(10_000, 'session:s-');
    const tenNinety = experiment('exp-sessions', [10, 90]);
    const inFirst = sessions.filter((id) => assignArm(tenNinety, id).name === 'arm-0').length;
    expect(Math.abs(inFirst / 10_000 - 0.1)).toBeLessThanOrEqual(0.02);
    const scaled = experiment('exp-sessions', [1, 9]);
    expect(sessions.slice(0, 500).map((id) => assignArm(scaled, id).name)).toEqual(sessions.slice(0, 500).map((id) => assignArm(tenNinety, id).name));
  });

  it('assigns different experiments independently', () => {
    const first = experiment('exp-a', [1, 1]);
    const second = experiment('exp-b', [1, 1]);
    const both = { same: 0, total: 10_000 };
    for (const id of ids(both.total)) if (assignArm(first, id).name === assignArm(second, id).name) both.same++;
    // Independent halves agree for about half the shoppers; the same hash would agree for all.
    expect(Math.abs(both.same / both.total - 0.5)).toBeLessThanOrEqual(0.02);
  });

  it('refuses an experiment without arms or with a zero total weight', () => {
    expect(() => assignArm({ id: 'x', arms: [] }, 'a')).toThrow(/experiment x: arms: must not be empty/);
    expect(() => assignArm({ id: 'x', arms: [{ name: 'a', weight: 0, config: {} }] }, 'a')).toThrow(/weights must be positive/);
  });
});

describe('experimentFor', () => {
  const everywhere = experiment('exp-all', [1, 1]);
  const onHome = experiment('exp-home', [1, 1], { placement: 'home' });
  const draftOnCart = experiment('exp-cart', [1, 1], { placement: 'cart', state: 'draft' });
  const stoppedEverywhere = experiment('exp-0-stopped', [1, 1], { state: 'stopped' });
  const all = [stoppedEverywhere, everywhere, onHome, draftOnCart];

  it('prefers a running experiment for the placement over one for all placements', () => {
    expect(experimentFor(all, 'home')?.id).toBe('exp-home');
    expect(experimentFor(all, 'product')?.id).toBe('exp-all');
  });

  it('ignores experiments that are not running', () => {
    expect(experimentFor(all, 'cart')?.id).toBe('exp-all');
    expect(experimentFor([stoppedEverywhere, draftOnCart], 'cart')).toBeUndefined();
  });

  it('gives the plain routes (no placement) only all-placement experiments', () => {
    expect(experimentFor(all, undefined)?.id).toBe('exp-all');
    expect(experimentFor([onHome], undefined)).toBeUndefined();
  });

  it('picks the smallest id among equals, whatever the order', () => {
    const other = experiment('exp-aa', [1, 1]);
    expect(experimentFor([everywhere, other], undefined)?.id).toBe('exp-aa');
    expect(experimentFor([other, everywhere], undefined)?.id).toBe('exp-aa');
  });
});
