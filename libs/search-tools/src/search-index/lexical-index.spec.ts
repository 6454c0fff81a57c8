import { LexicalIndex } from './lexical-index';

const docs = [
  { id: '22224', title: 'WHITE LOVEBIRD LANTERN' },
  { id: '23048', title: 'SET OF 10 LANTERNS FAIRY LIGHT STAR' },
  { id: '85099B', title: 'JUMBO BAG RED RETROSPOT' },
  { id: '20725', title: 'LUNCH BAG RED RETROSPOT' },
  { id: '22384', title: 'LUNCH BAG PINK POLKADOT' },
  { id: '22136', title: 'LOVE HEART SOCK HANGER' },
  { id: '85123A', title: 'WHITE HANGING HEART T-LIGHT HOLDER' },
  { id: '20652', title: 'BAGGAGE TAG' },
];

describe('LexicalIndex', () => {
  const index = LexicalIndex.build(docs);
  const codes = (text: string, accept?: (doc: number) => boolean) =>
    index.search(text, { limit: 10, accept }).hits.map((h) => docs[h.doc].id);

  it('ranks documents matching more query words first', () => {
    expect(codes('lunch bag red')[0]).toBe('20725');
    expect(codes('lunch bag pink')[0]).toBe('22384');
  });

  it('matches plurals, typos and cut-short words, and says which terms matched', () => {
    expect(codes('lanterns').sort()).toEqual(['22224', '23048']);
    const typo = index.search('lanturn', { limit: 10 });
    expect(typo.hits.map((h) => h.terms)).toEqual([['lantern'], ['lantern']]);
    expect(codes('retrosp')).toEqual(expect.arrayContaining(['85099B', '20725']));
    expect(codes('hang heart')).toEqual(expect.arrayContaining(['85123A', '22136']));
  });

  it('completes a known word only when it is the last one (still being typed)', () => {
    expect(codes('bag lunch')).not.toContain('20652');
    expect(codes('lunch bag')).toContain('20652');
  });

  it('finds a product by stock code, any case', () => {
    expect(codes('85123a')[0]).toBe('85123A');
  });

  it('joins split words the catalogue writes as one', () => {
    expect(index.parse('polka dot').terms).toContain('polkadot');
    expect(codes('polka dot')[0]).toBe('22384');
  });

  it('filters, counts matches and cuts to the limit', () => {
    const all = index.search('bag', { limit: 1 });
    expect(all.hits).toHaveLength(1);
    expect(all.total).toBe(4); // three bags and, as "bag" is the last word, the baggage tag
    expect(codes('bag', (doc) => docs[doc].id !== '85099B')).not.toContain('85099B');
  });

  it('answers nothing for stop words only or unknown words', () => {
    expect(index.search('of the', { limit: 10 })).toMatchObject({ hits: [], total: 0 });
    expect(index.search('qqqqqq', { limit: 10 }).hits).toEqual([]);
  });
});
