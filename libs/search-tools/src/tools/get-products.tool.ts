import { z } from 'zod';
import { defineTool, ProductIdSchema, ProductSchema, toToolProduct } from '@reco/base-tools';
import type { ProductCatalog } from '../catalog/product-catalog';

export const GET_PRODUCTS_MAX_IDS = 200;

export const GetProductsInput = z.object({ productIds: z.array(ProductIdSchema).min(1).max(GET_PRODUCTS_MAX_IDS) });

export function createGetProductsTool(catalog: ProductCatalog) {
  return defineTool({
    name: 'get_products',
    title: 'Products by stock code',
    description: 'Several products by stock code, in the order asked; unknown codes are left out (see `missing`).',
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    input: GetProductsInput,
    output: z.object({ products: z.array(ProductSchema), missing: z.array(z.string()) }),
    async execute({ productIds }) {
      const products = await catalog.getMany(productIds);
      const found = new Set(products.map((p) => p.id));
      return {
        products: products.map(toToolProduct),
        missing: [...new Set(productIds.filter((id) => !found.has(id)))],
      };
    },
  });
}
