import type { DataClient } from '../database/data-client';
import type { Product } from '../types/product';
import type { ProductPageQuery, ProductQuery, ProductRepository } from './product-repository';
import { orderByIds } from './order-by-ids';

const SELECT = {
  stockCode: true,
  description: true,
  latestUnitPrice: true,
  typicalUnitPrice: true,
  isMerchandise: true,
  active: true,
} as const;

function where(query: ProductQuery) {
  return {
    ...(query.merchandiseOnly || query.activeOnly ? { isMerchandise: true } : {}),
    ...(query.activeOnly ? { active: true } : {}),
  };
}

export class PrismaProductRepository implements ProductRepository {
  constructor(private readonly client: DataClient) {}

  async findById(stockCode: string): Promise<Product | null> {
    return this.client.product.findUnique({ where: { stockCode }, select: SELECT });
  }

  async findByIds(stockCodes: readonly string[]): Promise<Product[]> {
    if (stockCodes.length === 0) return [];
    const found = await this.client.product.findMany({ where: { stockCode: { in: [...new Set(stockCodes)] } }, select: SELECT });
    return orderByIds(stockCodes, found, (p) => p.stockCode);
  }

  async findAll(query: ProductQuery = {}): Promise<Product[]> {
    return this.client.product.findMany({ where: where(query), select: SELECT, orderBy: { stockCode: 'asc' } });
  }

  async count(query: ProductQuery = {}): Promise<number> {
    return this.client.product.count({ where: where(query) });
  }

  async listPage({ afterId, limit }: ProductPageQuery): Promise<Product[]> {
    return this.client.product.findMany({
      where: afterId === undefined ? {} : { stockCode: { gt: afterId } },
      select: SELECT,
      orderBy: { stockCode: 'asc' },
      take: limit,
    });
  }
}
