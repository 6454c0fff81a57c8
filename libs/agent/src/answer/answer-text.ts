import type { ScoredProduct } from '@reco/base-tools';

/** How many products an answer names; the structured list carries them all. */
export const NAMED_PRODUCTS = 5;

/** "WHITE HANGING HEART T-LIGHT HOLDER" → "White Hanging Heart T-Light Holder". */
export function title(description: string): string {
  return description
    .trim()
    .replace(/\.$/, '')
    .toLowerCase()
    .replace(/(^|[\s\-(])([a-z])/g, (_m, pre: string, c: string) => pre + c.toUpperCase());
}

export function gbp(amount: number): string {
  return `£${amount.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function day(iso: string | undefined): string {
  if (!iso) return 'an unknown date';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** "A (£1.00), B (£2.00) and 3 more": names up to `NAMED_PRODUCTS`. */
export function listNames(names: readonly string[]): string {
  const named = names.slice(0, NAMED_PRODUCTS);
  const more = names.length - named.length;
  return more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
}

export function nameList(products: readonly ScoredProduct[]): string {
  return listNames(products.map((p) => `${title(p.description)} (${gbp(p.unitPrice)})`));
}

/** Sentences of a text, each with its closing punctuation. */
export function sentences(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[.!?])\s+(?=\S)/))
    .map((s) => s.trim())
    .filter(Boolean);
}
