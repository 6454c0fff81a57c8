import { ProductIdSchema, ProductSchema, toToolProduct, type CatalogProduct } from './product';

describe('ProductIdSchema', () => {
  it.each(['85123A', 'SKU-000123', '4006381333931', 'ab-12', ' spaced id ', 'Küche/Tasse #3', 'x'.repeat(128), '😀'.repeat(128)])('keeps %j exactly', (id) =>
    expect(ProductIdSchema.parse(id)).toBe(id),
  );
  it.each(['', ' ', 'a\u0000b', 'tab\there', 'x'.repeat(129)])('refuses %j', (id) => expect(ProductIdSchema.safeParse(id).success).toBe(false));
});

describe('toToolProduct', () => {
  const uci: CatalogProduct = {
    id: '85123A',
    title: 'WHITE HANGING HEART T-LIGHT HOLDER',
    description: null,
    price: 2.95,
    typicalPrice: 2.55,
    currency: 'GBP',
    categories: [],
    tags: [],
    available: true,
    recommendable: true,
    imageUrl: null,
    url: null,
  };

  it('keeps the old names, mapped from the open model, beside the new ones', () => {
    const product = toToolProduct(uci);
    expect(ProductSchema.parse(product)).toEqual(product);
    expect(product).toEqual({
      productId: '85123A',
      description: 'WHITE HANGING HEART T-LIGHT HOLDER',
      unitPrice: 2.95,
      typicalPrice: 2.55,
      isMerchandise: true,
      active: true,
      title: 'WHITE HANGING HEART T-LIGHT HOLDER',
      currency: 'GBP',
      categories: [],
      tags: [],
      available: true,
      recommendable: true,
    });
  });

  it('answers the long description, links and attributes when the product has them', () => {
    const product = toToolProduct({
      ...uci,
      id: 'SKU-1',
      title: 'Red mug',
      description: 'Stoneware, 350 ml',
      categories: ['Home > Kitchen > Mugs'],
      tags: ['color:red'],
      available: false,
      recommendable: false,
      imageUrl: 'https://shop.example/mug.png',
      url: 'https://shop.example/mug',
    });
    expect(product).toMatchObject({
      description: 'Stoneware, 350 ml',
      title: 'Red mug',
      isMerchandise: false,
      active: false,
      categories: ['Home > Kitchen > Mugs'],
      tags: ['color:red'],
      imageUrl: 'https://shop.example/mug.png',
      url: 'https://shop.example/mug',
    });
  });
});
