import { normalizeTerm, singular, tokenize } from './text-normalizer';

describe('text normaliser', () => {
  it('turns plurals into singulars and leaves other words alone', () => {
    expect(['lanterns', 'bags', 'berries', 'boxes', 'dishes', 'glasses', 'christmas', 'glass', 'cactus', 'bag'].map(singular)).toEqual([
      'lantern', 'bag', 'berry', 'box', 'dish', 'glass', 'christmas', 'glass', 'cactus', 'bag',
    ]);
  });

  it('never stems stock codes or words with digits', () => {
    expect(singular('85099s')).toBe('85099s');
  });

  it('lowercases, drops stop words and stray letters, keeps digits, maps spelling variants', () => {
    expect(tokenize('SET OF 3 Gray Lanterns')).toEqual(['set', '3', 'grey', 'lantern']);
    expect(normalizeTerm('the')).toBeUndefined();
  });

  it('keeps hyphenated words both split and joined', () => {
    expect(tokenize('WHITE HANGING HEART T-LIGHT HOLDER')).toEqual(['white', 'hanging', 'heart', 'light', 'tlight', 'holder']);
  });
});
