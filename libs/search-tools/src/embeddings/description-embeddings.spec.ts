import { DescriptionEmbeddings } from './description-embeddings';

const descriptions = [
  'RED RETROSPOT LUNCH BAG',
  'JUMBO BAG RED RETROSPOT',
  'RED RETROSPOT CAKE STAND',
  'RED RETROSPOT MUG',
  'WHITE HANGING HEART T-LIGHT HOLDER',
  'RED HANGING HEART T-LIGHT HOLDER',
  'ZINC HEART T-LIGHT HOLDER',
  'GLASS STAR T-LIGHT HOLDER',
  'HANGING METAL STAR LANTERN',
  'WHITE METAL LANTERN',
  'FRENCH CARRIAGE LANTERN',
  'ALARM CLOCK BAKELIKE RED',
  'ALARM CLOCK BAKELIKE PINK',
];

describe('DescriptionEmbeddings', () => {
  const model = DescriptionEmbeddings.train(descriptions, { dimensions: 6 });

  it('learns one vector per product', () => {
    expect(model.products.size).toBe(descriptions.length);
    expect(model.products.dimensions).toBe(6);
  });

  it('places products that share words near each other', () => {
    const near = model.products.nearest(model.products.row(9), 3).map((n) => descriptions[n.row]);
    expect(near).toContain('WHITE METAL LANTERN');
    expect(near.filter((d) => d.includes('LANTERN')).length).toBeGreaterThanOrEqual(2);
  });

  it('folds query terms into the same space; unknown terms give no vector', () => {
    const query = model.embedTerms(['tlight', 'holder']) as Float32Array;
    const top = model.products.nearest(query, 4).map((n) => descriptions[n.row]);
    expect(top.every((d) => d.includes('T-LIGHT'))).toBe(true);
    expect(model.embedTerms(['zzz'])).toBeUndefined();
  });

  it('is deterministic for a seed', () => {
    const again = DescriptionEmbeddings.train(descriptions, { dimensions: 6 });
    expect(Array.from(again.products.row(3))).toEqual(Array.from(model.products.row(3)));
  });
});
