import { candidateFilter } from './candidate-filter';
import { catalogOf, product, rule } from './__fixtures__/merchandising-fixtures';

const catalog = catalogOf(
  product('MUG', { categories: ['Home > Kitchen > Mugs'], tags: ['color:red'], price: 5 }),
  product('PAN', { categories: ['Home > Kitchen > Pans'], tags: ['Color:Blue', 'sale'], price: 25 }),
  product('RAKE', { categories: ['Home > Garden'], tags: ['RED'], price: 15 }),
  product('PUZZLE', { categories: ['Toys > Puzzles'], tags: ['colour:red'], price: 12, available: false }),
  product('HIDDEN', { categories: ['Home > Kitchen'], price: 5, recommendable: false }),
);
const EVERY = ['MUG', 'PAN', 'RAKE', 'PUZZLE', 'HIDDEN', 'UNKNOWN'];
const passing = (accept: (id: string) => boolean) => EVERY.filter(accept);

describe('candidateFilter', () => {
  it('with no filters: recommendable, available products of the catalogue', () => {
    expect(passing(candidateFilter(catalog, {}, []))).toEqual(['MUG', 'PAN', 'RAKE']);
  });

  it('includeUnavailable adds out-of-stock products, never unrecommendable ones', () => {
    expect(passing(candidateFilter(catalog, { includeUnavailable: true }, []))).toEqual(['MUG', 'PAN', 'RAKE', 'PUZZLE']);
  });

  it('excludeProductIds', () => {
    expect(passing(candidateFilter(catalog, { excludeProductIds: ['PAN', 'NOPE'] }, []))).toEqual(['MUG', 'RAKE']);
  });

  it('category: the category and those under it, any letter case', () => {
    expect(passing(candidateFilter(catalog, { category: 'home > KITCHEN' }, []))).toEqual(['MUG', 'PAN']);
    expect(passing(candidateFilter(catalog, { category: 'Home' }, []))).toEqual(['MUG', 'PAN', 'RAKE']);
    expect(passing(candidateFilter(catalog, { category: 'Garden' }, []))).toEqual([]);
  });

  it('tag: any case; a plain tag matches key:value, key:value only itself', () => {
    expect(passing(candidateFilter(catalog, { tag: 'Red' }, []))).toEqual(['MUG', 'RAKE']);
    expect(passing(candidateFilter(catalog, { tag: 'Red', includeUnavailable: true }, []))).toEqual(['MUG', 'RAKE', 'PUZZLE']);
    expect(passing(candidateFilter(catalog, { tag: 'COLOR:red' }, []))).toEqual(['MUG']);
    expect(passing(candidateFilter(catalog, { tag: 'blue' }, []))).toEqual(['PAN']);
    expect(passing(candidateFilter(catalog, { tag: 'color' }, []))).toEqual([]);
  });

  it('minPrice and maxPrice, both ends included', () => {
    expect(passing(candidateFilter(catalog, { minPrice: 15 }, []))).toEqual(['PAN', 'RAKE']);
    expect(passing(candidateFilter(catalog, { maxPrice: 15 }, []))).toEqual(['MUG', 'RAKE']);
    expect(passing(candidateFilter(catalog, { minPrice: 6, maxPrice: 24.99 }, []))).toEqual(['RAKE']);
  });

  it('filters combine', () => {
    expect(passing(candidateFilter(catalog, { category: 'Home', tag: 'red', maxPrice: 10 }, []))).toEqual(['MUG']);
  });

  it('an exclude rule removes what it matches', () => {
    const noSale = rule({ kind: 'exclude', match: { tags: ['sale'] } });
    const noGarden = rule({ kind: 'exclude', match: { categories: ['home > garden'] } });
    expect(passing(candidateFilter(catalog, {}, [noSale]))).toEqual(['MUG', 'RAKE']);
    expect(passing(candidateFilter(catalog, {}, [noSale, noGarden]))).toEqual(['MUG']);
  });

  it('an include-only rule keeps only what it matches; two must both hold', () => {
    const kitchen = rule({ kind: 'include-only', match: { categories: ['Home > Kitchen'] } });
    const cheap = rule({ kind: 'include-only', match: { maxPrice: 10 } });
    expect(passing(candidateFilter(catalog, {}, [kitchen]))).toEqual(['MUG', 'PAN']);
    expect(passing(candidateFilter(catalog, {}, [kitchen, cheap]))).toEqual(['MUG']);
    // It never brings back what the request or the catalogue refuses.
    expect(passing(candidateFilter(catalog, { excludeProductIds: ['MUG'] }, [kitchen]))).toEqual(['PAN']);
  });

  it('ignores boost, bury and pin rules', () => {
    const others = [rule({ kind: 'boost', factor: 2 }), rule({ kind: 'bury', factor: 2 }), rule({ kind: 'pin', position: 1, match: { productIds: ['PUZZLE'] } })];
    expect(passing(candidateFilter(catalog, {}, others))).toEqual(['MUG', 'PAN', 'RAKE']);
  });
});
