import type { Placement, Strategy } from './merchandising-schemas';

// The placements every shop has without configuring anything. A stored placement of the same
// name overrides one (PUT /api/admin/placements/:name); PUT of another name makes a custom one.

const DEFAULT_K = 10;

function builtIn(name: string, strategy: Strategy, description: string): Placement {
  return Object.freeze({ name, builtIn: true, strategy, k: DEFAULT_K, description });
}

export const BUILT_IN_PLACEMENTS: readonly Placement[] = Object.freeze([
  builtIn('home', 'personal', "The customer's personal list (home page)"),
  builtIn('product', 'product', 'Similar to and bought together with the product shown (productId)'),
  builtIn('cart', 'cart', 'Bought together with the cart (cartProductIds), the cart excluded'),
  builtIn('buy-again', 'buy-again', 'What the customer is due to re-buy'),
  builtIn('trending', 'trending', 'Rising now: momentum and season'),
  builtIn('new-arrivals', 'new-arrivals', "Recent products this customer's tastes favour"),
]);

const builtInByName: ReadonlyMap<string, Placement> = new Map(BUILT_IN_PLACEMENTS.map((p) => [p.name, p]));

export function isBuiltInPlacement(name: string): boolean {
  return builtInByName.has(name);
}

/** The placement of that name: the stored one when there is one, else the built-in one; undefined for neither. */
export function placementNamed(name: string, stored?: ReadonlyMap<string, Placement>): Placement | undefined {
  return stored?.get(name) ?? builtInByName.get(name);
}

/** Built-in placements overridden by the stored ones, custom ones added: by name. */
export function allPlacements(stored: Iterable<Placement>): Map<string, Placement> {
  const byName = new Map<string, Placement>(builtInByName);
  for (const p of stored) byName.set(p.name, p);
  return new Map([...byName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
