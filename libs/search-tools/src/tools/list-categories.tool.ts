import { z } from 'zod';
import { defineTool } from '@reco/base-tools';
import type { SearchIndex } from '../search-index/search-index';

export const ListCategoriesInput = z.object({});

export const CategoryCountSchema = z.object({
  name: z.string().describe('The category path, e.g. "Home > Kitchen": what search_products takes as `category`'),
  products: z.number().int().describe('Products found in it or in a category under it'),
});

export function createListCategoriesTool(index: SearchIndex) {
  return defineTool({
    name: 'list_categories',
    title: 'Catalogue categories',
    description:
      "The catalogue's categories, each path and every level above it (\"Home\", \"Home > Kitchen\"), with how many " +
      'products search finds in it or under it, by name. Pass a name as `category` to search_products.',
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    input: ListCategoriesInput,
    output: z.object({ categories: z.array(CategoryCountSchema) }),
    async execute() {
      return { categories: await index.categories() };
    },
  });
}
