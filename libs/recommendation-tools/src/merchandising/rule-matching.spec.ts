import { catalogOf, product, rule } from './__fixtures__/merchandising-fixtures';
import { activeRules, compileMatch, hasTag, isActive, ruleMatches } from './rule-matching';

describe('ruleMatches', () => {
  const mug = product('MUG-1', { categories: ['Home > Kitchen > Mugs'], tags: ['Color:Red', 'gift'], price: 8, available: true });
  const pan = product('PAN-1', { categories: ['home > kitchen > pans'], tags: ['color:blue'], price: 30, available: false });
  const bare = product('BARE', { price: 0 });

  it('an empty match holds for every product', () => {
    // Allowed for boost and bury; exclude and include-only rules refuse it (admin spec).
    const everything = rule({ kind: 'boost', factor: 2 });
    expect([mug, pan, bare].map((p) => ruleMatches(everything, p))).toEqual([true, true, true]);
  });

  it('matches by product id', () => {
    const byId = rule({ kind: 'exclude', match: { productIds: ['MUG-1', 'OTHER'] } });
    expect([mug, pan].map((p) => ruleMatches(byId, p))).toEqual([true, false]);
  });

  it('matches a category and any category under it, any letter case and spacing', () => {
    const kitchen = rule({ kind: 'exclude', match: { categories: ['HOME >  kitchen'] } });
    const mugs = rule({ kind: 'exclude', match: { categories: ['Home > Kitchen > Mugs'] } });
    const kit = rule({ kind: 'exclude', match: { categories: ['Home > Kit'] } });
    expect([mug, pan, bare].map((p) => ruleMatches(kitchen, p))).toEqual([true, true, false]);
    expect([mug, pan].map((p) => ruleMatches(mugs, p))).toEqual([true, false]);
    expect(ruleMatches(kit, mug)).toBe(false);
  });

  it('reads categories from the catalogue index when given one, with the same answers', () => {
    const catalog = catalogOf(mug, pan, bare);
    for (const categories of [['home > kitchen'], ['Home > Kitchen > Mugs'], ['Toys'], ['home', 'toys']]) {
      const withIndex = compileMatch({ categories }, catalog);
      const own = compileMatch({ categories });
      expect([mug, pan, bare].map(withIndex)).toEqual([mug, pan, bare].map(own));
    }
  });

  it('matches any of the tags: a plain tag also matches key:value, key:value only itself, any case', () => {
    expect(ruleMatches(rule({ kind: 'exclude', match: { tags: ['RED'] } }), mug)).toBe(true);
    expect(ruleMatches(rule({ kind: 'exclude', match: { tags: ['color:red'] } }), mug)).toBe(true);
    expect(ruleMatches(rule({ kind: 'exclude', match: { tags: ['colour:red'] } }), mug)).toBe(false);
    expect(ruleMatches(rule({ kind: 'exclude', match: { tags: ['color'] } }), mug)).toBe(false);
    expect(ruleMatches(rule({ kind: 'exclude', match: { tags: ['blue', 'gift'] } }), mug)).toBe(true);
    expect(hasTag(pan, 'Blue')).toBe(true);
    expect(hasTag(pan, 'red')).toBe(false);
  });

  it('matches a price range, both ends included', () => {
    const range = rule({ kind: 'exclude', match: { minPrice: 8, maxPrice: 30 } });
    expect([mug, pan, bare].map((p) => ruleMatches(range, p))).toEqual([true, true, false]);
    expect(ruleMatches(rule({ kind: 'exclude', match: { maxPrice: 7.99 } }), mug)).toBe(false);
    expect(ruleMatches(rule({ kind: 'exclude', match: { minPrice: 30.01 } }), pan)).toBe(false);
  });

  it('matches availability', () => {
    expect([mug, pan].map((p) => ruleMatches(rule({ kind: 'exclude', match: { available: false } }), p))).toEqual([false, true]);
    expect([mug, pan].map((p) => ruleMatches(rule({ kind: 'exclude', match: { available: true } }), p))).toEqual([true, false]);
  });

  it('needs every given condition', () => {
    const cheapRedKitchen = rule({ kind: 'exclude', match: { categories: ['Home > Kitchen'], tags: ['red'], maxPrice: 10 } });
    expect(ruleMatches(cheapRedKitchen, mug)).toBe(true);
    expect(ruleMatches(cheapRedKitchen, { ...mug, price: 11 })).toBe(false);
    expect(ruleMatches(cheapRedKitchen, { ...mug, tags: ['blue'] })).toBe(false);
    expect(ruleMatches(cheapRedKitchen, { ...mug, categories: ['Toys'] })).toBe(false);
  });
});

describe('isActive', () => {
  const from = new Date('2025-03-01T00:00:00Z');
  const until = new Date('2025-03-08T00:00:00Z');
  const windowed = rule({ kind: 'boost', factor: 2, activeFrom: from.toISOString(), activeUntil: until.toISOString() });
  const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);

  it('is active from activeFrom (included) until activeUntil (excluded)', () => {
    expect(isActive(windowed, ms(from, -1))).toBe(false);
    expect(isActive(windowed, from)).toBe(true);
    expect(isActive(windowed, ms(until, -1))).toBe(true);
    expect(isActive(windowed, until)).toBe(false);
  });

  it('an open end is open', () => {
    expect(isActive(rule({ kind: 'boost', factor: 2, activeFrom: from.toISOString() }), new Date('2100-01-01'))).toBe(true);
    expect(isActive(rule({ kind: 'boost', factor: 2, activeUntil: until.toISOString() }), new Date('2000-01-01'))).toBe(true);
  });

  it('a disabled rule is never active', () => {
    expect(isActive({ ...windowed, enabled: false }, from)).toBe(false);
    expect(isActive(rule({ kind: 'boost', factor: 2, enabled: false }), from)).toBe(false);
  });
});

describe('activeRules', () => {
  // Which rules apply does not depend on what they match (an exclude rule names something).
  const SOME = { tags: ['sale'] };
  const now = new Date('2025-06-01T12:00:00Z');
  const everywhere = rule({ kind: 'exclude', match: SOME, name: 'b-everywhere' }, 'r-everywhere');
  const onHome = rule({ kind: 'exclude', match: SOME, name: 'a-home', placement: 'home' }, 'r-home');
  const onCart = rule({ kind: 'exclude', match: SOME, name: 'c-cart', placement: 'cart' }, 'r-cart');
  const off = rule({ kind: 'exclude', match: SOME, name: 'off', enabled: false }, 'r-off');
  const expired = rule({ kind: 'exclude', match: SOME, name: 'expired', activeUntil: '2025-06-01T12:00:00Z' }, 'r-expired');
  const later = rule({ kind: 'exclude', match: SOME, name: 'later', activeFrom: '2025-06-01T12:00:01Z' }, 'r-later');
  const all = [onCart, off, everywhere, expired, onHome, later];
  const idsOf = (rules: readonly { id: string }[]) => rules.map((r) => r.id);

  it("a placement gets its own rules and every placement's, enabled and in their window, by name", () => {
    expect(idsOf(activeRules(all, { placement: 'home', now }))).toEqual(['r-home', 'r-everywhere']);
    expect(idsOf(activeRules(all, { placement: 'cart', now }))).toEqual(['r-everywhere', 'r-cart']);
  });

  it('without a placement (plain routes) only rules for every placement apply', () => {
    expect(idsOf(activeRules(all, { now }))).toEqual(['r-everywhere']);
  });

  it('`only` keeps just the listed rules, still scoped and active', () => {
    expect(idsOf(activeRules(all, { placement: 'home', now, only: ['r-home', 'r-off', 'r-cart'] }))).toEqual(['r-home']);
    expect(activeRules(all, { placement: 'home', now, only: [] })).toEqual([]);
  });

  it('orders rules of one name by id', () => {
    const twins = [rule({ kind: 'exclude', match: SOME, name: 'same' }, 'r-2'), rule({ kind: 'exclude', match: SOME, name: 'same' }, 'r-1')];
    expect(idsOf(activeRules(twins, { now }))).toEqual(['r-1', 'r-2']);
  });
});
