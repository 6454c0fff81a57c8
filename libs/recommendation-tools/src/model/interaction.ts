// Plain, serialisable input of the recommender: what a customer did with a product.
export type InteractionKind = 'purchase' | 'view' | 'cart';

export interface Interaction {
  customerId: string;
  productId: string;
  quantity: number;
  time: Date | number;
  kind?: InteractionKind;
  /** Shop country of the order, for popularity by country. */
  country?: string;
}

/**
 * How much one event of each kind counts in the item-item model's input, in purchases (a click
 * on a recommendation counts as a view). Configuration: INTERACTION_WEIGHTS.
 */
export interface InteractionWeights {
  view: number;
  cart: number;
  purchase: number;
}

// A view says little about what a shopper wants, a cart more, a purchase most; these defaults
// are the usual order of magnitude in implicit-feedback recommenders.
export const DEFAULT_INTERACTION_WEIGHTS: Readonly<InteractionWeights> = { view: 0.1, cart: 0.3, purchase: 1 };

export function timeOf(interaction: Pick<Interaction, 'time'>): number {
  return typeof interaction.time === 'number' ? interaction.time : interaction.time.getTime();
}

export const DAY_MS = 86_400_000;
