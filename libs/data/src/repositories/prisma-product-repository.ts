import type { DataClient } from '../database/data-client';
import type { SqlDialect } from '../database/sql-dialect';
import type { Product, ProductInput, ProductWriteCounts } from '../types/product';
import type { ProductPageQuery, ProductQuery, ProductRepository } from './product-repository';
import { orderByIds } from './order-by-ids';
import { existingKeys, mergeById, upsertRows, writeCounts, type UpsertRow, type UpsertTable } from './upsert-rows';

const SELECT = {
  id: true,
  title: true,
  description: true,
  price: true,
  typicalPrice: true,
  currency: true,
  categories: true,
  tags: true,
  available: true,
  recommendable: true,
  createdAt: true,
  updatedAt: true,
  imageUrl: true,
  url: true,
} as const;

type ProductRow = Omit<Product, 'categories' | 'tags'> & { categories: string; tags: string };

function toProduct(row: ProductRow): Product {
  return { ...row, categories: JSON.parse(row.categories) as string[], tags: JSON.parse(row.tags) as string[] };
}

function where(query: ProductQuery) {
  return {
    ...(query.recommendableOnly ? { recommendable: true } : {}),
    ...(query.availableOnly ? { available: true } : {}),
  };
}

const TABLE: UpsertTable = {
  name: 'products',
  key: 'id',
  columns: [
    { name: 'id', pgType: 'text' },
    { name: 'title', pgType: 'text' },
    { name: 'description', pgType: 'text' },
    { name: 'price', pgType: 'float8' },
    { name: 'currency', pgType: 'text' },
    { name: 'categories', pgType: 'text' },
    { name: 'tags', pgType: 'text' },
    { name: 'available', pgType: 'bool' },
    { name: 'recommendable', pgType: 'bool' },
    { name: 'created_at', pgType: 'timestamp(3)' },
    { name: 'updated_at', pgType: 'timestamp(3)' },
    { name: 'image_url', pgType: 'text' },
    { name: 'url', pgType: 'text' },
  ],
  touched: 'updated_at',
};

/** Input field -> column, for the optional fields a record may name. */
const OPTIONAL_COLUMNS: Record<Exclude<keyof ProductInput, 'id' | 'title' | 'price'>, string> = {
  description: 'description',
  currency: 'currency',
  categories: 'categories',
  tags: 'tags',
  available: 'available',
  recommendable: 'recommendable',
  createdAt: 'created_at',
  imageUrl: 'image_url',
  url: 'url',
};

export class PrismaProductRepository implements ProductRepository {
  constructor(
    private readonly client: DataClient,
    private readonly dialect: SqlDialect,
    /** The currency of a new product whose record names none (config DEFAULT_CURRENCY). */
    private readonly defaultCurrency: string,
  ) {}

  async findById(id: string): Promise<Product | null> {
    const row = await this.client.product.findUnique({ where: { id }, select: SELECT });
    return row ? toProduct(row) : null;
  }

  async findByIds(ids: readonly string[]): Promise<Product[]> {
    if (ids.length === 0) return [];
    const found = await this.client.product.findMany({ where: { id: { in: [...new Set(ids)] } }, select: SELECT });
    return orderByIds(ids, found, (p) => p.id).map(toProduct);
  }

  async findAll(query: ProductQuery = {}): Promise<Product[]> {
    return (await this.client.product.findMany({ where: where(query), select: SELECT, orderBy: { id: 'asc' } })).map(toProduct);
  }

  async count(query: ProductQuery = {}): Promise<number> {
    return this.client.product.count({ where: where(query) });
  }

  async listPage({ afterId, limit }: ProductPageQuery): Promise<Product[]> {
    const rows = await this.client.product.findMany({
      where: afterId === undefined ? {} : { id: { gt: afterId } },
      select: SELECT,
      orderBy: { id: 'asc' },
      take: limit,
    });
    return rows.map(toProduct);
  }

  async upsertMany(records: readonly ProductInput[]): Promise<ProductWriteCounts> {
    const merged = mergeById(records);
    if (merged.size === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const now = new Date();
    const rows: UpsertRow[] = [...merged.values()].map((r) => ({
      values: {
        id: r.id,
        title: r.title,
        description: r.description ?? null,
        price: r.price,
        currency: r.currency ?? this.defaultCurrency,
        categories: JSON.stringify(r.categories ?? []),
        tags: JSON.stringify(r.tags ?? []),
        available: r.available ?? true,
        recommendable: r.recommendable ?? true,
        created_at: r.createdAt ?? now,
        updated_at: now,
        image_url: r.imageUrl ?? null,
        url: r.url ?? null,
      },
      named: ['title', 'price', ...Object.entries(OPTIONAL_COLUMNS).filter(([field]) => r[field as keyof ProductInput] !== undefined).map(([, column]) => column)],
    }));
    return this.client.$transaction(
      async (tx) => {
        const existing = await existingKeys(tx, this.dialect, TABLE, [...merged.keys()]);
        return writeCounts(existing, await upsertRows(tx, this.dialect, TABLE, rows));
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }

  async hide(id: string): Promise<boolean> {
    const { count } = await this.client.product.updateMany({ where: { id }, data: { recommendable: false, available: false, updatedAt: new Date() } });
    return count > 0;
  }

  async changedSince(since: Date, limit = 1000, afterId?: string): Promise<Product[]> {
    const rows = await this.client.product.findMany({
      where:
        afterId === undefined
          ? { updatedAt: { gte: since } }
          : { OR: [{ updatedAt: { gt: since } }, { updatedAt: since, id: { gt: afterId } }] },
      select: SELECT,
      orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }],
      take: limit,
    });
    return rows.map(toProduct);
  }
}
