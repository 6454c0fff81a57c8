import type { ScoredProduct } from '@reco/base-tools';

/** Products in a tool's data, whatever its envelope shape: `{items}`, `{products}`, a list, or one product. */
export function productsIn(data: unknown, reason = 'lookup'): ScoredProduct[] {
  if (Array.isArray(data)) return data.flatMap((item) => asProduct(item, reason) ?? []);
  if (!data || typeof data !== 'object') return [];
  const record = data as Record<string, unknown>;
  for (const key of ['items', 'products']) {
    if (Array.isArray(record[key])) return productsIn(record[key], reason);
  }
  const single = asProduct(record['product'] ?? record, reason);
  return single ? [single] : [];
}

function asProduct(value: unknown, reason: string): ScoredProduct | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const p = value as Partial<ScoredProduct>;
  if (typeof p.productId !== 'string' || typeof p.description !== 'string' || typeof p.unitPrice !== 'number') return undefined;
  return {
    productId: p.productId,
    description: p.description,
    unitPrice: p.unitPrice,
    typicalPrice: p.typicalPrice ?? null,
    isMerchandise: p.isMerchandise ?? p.recommendable ?? true,
    active: p.active ?? p.available ?? true,
    title: p.title ?? p.description,
    // Answers were in pounds sterling before they named their currency.
    currency: p.currency ?? 'GBP',
    categories: p.categories ?? [],
    tags: p.tags ?? [],
    available: p.available ?? p.active ?? true,
    recommendable: p.recommendable ?? p.isMerchandise ?? true,
    ...(p.imageUrl !== undefined ? { imageUrl: p.imageUrl } : {}),
    ...(p.url !== undefined ? { url: p.url } : {}),
    score: typeof p.score === 'number' ? p.score : 1,
    reason: typeof p.reason === 'string' && p.reason ? p.reason : reason,
  };
}

/** First occurrence wins, so the order the composer names products in is kept. */
export function dedupeProducts<P extends ScoredProduct>(products: readonly P[]): P[] {
  const seen = new Set<string>();
  return products.filter((p) => !seen.has(p.productId) && seen.add(p.productId));
}
