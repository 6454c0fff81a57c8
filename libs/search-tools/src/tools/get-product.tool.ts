import { z } from 'zod';
import { defineTool, ProductIdSchema, ProductSchema, toToolProduct, ToolError } from '@reco/base-tools';
import type { ProductCatalog } from '../catalog/product-catalog';

export const GetProductInput = z.object({ productId: ProductIdSchema });

export function createGetProductTool(catalog: ProductCatalog) {
  return defineTool({
    name: 'get_product',
    title: 'Product details',
    description: 'One product by its stock code: description, latest and typical price, whether it is merchandise.',
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    input: GetProductInput,
    output: z.object({ product: ProductSchema }),
    async execute({ productId }) {
      const product = await catalog.get(productId);
      if (!product) throw ToolError.notFound('Product', productId);
      return { product: toToolProduct(product) };
    },
  });
}
