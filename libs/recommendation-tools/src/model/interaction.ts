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

export function timeOf(interaction: Pick<Interaction, 'time'>): number {
  return typeof interaction.time === 'number' ? interaction.time : interaction.time.getTime();
}

export const DAY_MS = 86_400_000;
