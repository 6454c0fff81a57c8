/** A product of the shop's catalogue, by the shop's own id. */
export interface Product {
  /** 1-128 printable characters, kept exactly as given (Online Retail: the stock code, upper-cased). */
  id: string;
  title: string;
  /** The optional long text. */
  description: string | null;
  price: number;
  /** The most frequent positive price of its sales; null when no sales data gives one. */
  typicalPrice: number | null;
  /** ISO 4217 code of the prices. */
  currency: string;
  /** Category paths, `Home > Kitchen > Mugs`. */
  categories: string[];
  /** Plain words and `key:value` attributes (`color:red`). */
  tags: string[];
  /** In stock / sellable. */
  available: boolean;
  /** False: never recommended nor found (hidden by the shop, or a fee line); its history is kept. */
  recommendable: boolean;
  createdAt: Date;
  updatedAt: Date;
  imageUrl: string | null;
  url: string | null;
}

/**
 * A product as a shop sends it (D2's ProductRecord gives this shape). On an update only the
 * fields a record names are set; on an insert the others take their defaults: no description,
 * the database's default currency, no categories or tags, available, recommendable, created now.
 */
export interface ProductInput {
  id: string;
  title: string;
  price: number;
  description?: string | null;
  currency?: string;
  categories?: string[];
  tags?: string[];
  available?: boolean;
  recommendable?: boolean;
  createdAt?: Date;
  imageUrl?: string | null;
  url?: string | null;
}

/** What one `products.upsertMany` call did, per distinct product id. */
export interface ProductWriteCounts {
  inserted: number;
  /** Existing products with at least one field changed. */
  updated: number;
  /** Existing products the records left exactly as they were (their updatedAt is kept too). */
  unchanged: number;
}
