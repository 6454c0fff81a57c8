import { LexicalIndex } from './lexical-index';

const docs = [
  { id: 'L1', title: 'WHITE METAL LANTERN' },
  { id: 'L2', title: 'HANGING STAR LANTERN' },
  { id: 'R1', title: 'RED RETROSPOT BOWL' },
  { id: 'B1', title: 'SPACEBOY LUNCH BOX' },
  { id: 'B2', title: 'LUNCH BAG RED' },
  { id: 'D1', title: 'DOORMAT WELCOME' },
  { id: 'M1', title: 'PLACE MAT BLUE' },
  { id: 'H1', title: 'DOOR HANGER' },
  { id: 'C1', title: 'REGENCY CAKESTAND' },
  { id: 'C2', title: 'CAKE STAND PINK' },
];
const index = LexicalIndex.build(docs);
const coverage = (text: string, id: string) => {
  const doc = docs.findIndex((d) => d.id === id);
  return index.coverage(doc, index.parse(text), id, text);
};
const ids = (text: string) => index.search(text, { limit: 10 }).hits.map((h) => docs[h.doc].id);

describe('query parsing for shoppers', () => {
  it('takes the last word that is no colour, size or material as the product type, before "for"', () => {
    expect(index.parse('red lantern').words[index.parse('red lantern').head].word).toBe('lantern');
    expect(index.parse('lantern red').words[index.parse('lantern red').head].word).toBe('lantern');
    const q = index.parse('lunch box for kids');
    expect(q.words[q.head].word).toBe('box');
  });

  it('ranks the product type above the attribute: lanterns for "red lantern" are `head`, red things `partial`', () => {
    expect(coverage('red lantern', 'L1')).toBe('head');
    expect(coverage('red lantern', 'R1')).toBe('partial');
    expect(coverage('white lantern', 'L1')).toBe('all');
  });

  it('finds a joined word the catalogue writes apart, and the other way round', () => {
    expect(coverage('lunchbox', 'B1')).toBe('all');
    expect(coverage('lunchbox', 'B2')).toBe('partial');
    expect(ids('lunchbox')[0]).toBe('B1');
    expect(coverage('cakestand', 'C2')).toBe('all');
    expect(coverage('cake stand', 'C1')).toBe('all');
  });

  it('finds a compound by its last part after the word itself ("mat": PLACE MAT, then DOORMAT)', () => {
    expect(coverage('mat', 'D1')).toBe('all');
    expect(ids('mat')).toEqual(['M1', 'D1']);
  });

  it('forgives swapped letters and typos in two words at once', () => {
    expect(coverage('lantren', 'L2')).toBe('all');
    expect(coverage('lnuch bxo', 'B1')).toBe('all');
    expect(ids('lnuch bxo')[0]).toBe('B1');
  });
});
