import type { DataClient } from '../database/data-client';
import type { Customer } from '../types/customer';
import type { CustomerRepository } from './customer-repository';
import { orderByIds } from './order-by-ids';

const SELECT = { id: true, country: true, firstSeenAt: true, lastSeenAt: true } as const;

export class PrismaCustomerRepository implements CustomerRepository {
  constructor(private readonly client: DataClient) {}

  async findById(id: string): Promise<Customer | null> {
    return this.client.customer.findUnique({ where: { id }, select: SELECT });
  }

  async findByIds(ids: readonly string[]): Promise<Customer[]> {
    if (ids.length === 0) return [];
    const found = await this.client.customer.findMany({ where: { id: { in: [...new Set(ids)] } }, select: SELECT });
    return orderByIds(ids, found, (c) => c.id);
  }

  async list(options: { limit?: number; afterId?: string; country?: string } = {}): Promise<Customer[]> {
    return this.client.customer.findMany({
      where: {
        ...(options.afterId !== undefined ? { id: { gt: options.afterId } } : {}),
        ...(options.country !== undefined ? { country: options.country } : {}),
      },
      select: SELECT,
      orderBy: { id: 'asc' },
      take: options.limit ?? 1000,
    });
  }

  async count(): Promise<number> {
    return this.client.customer.count();
  }
}
