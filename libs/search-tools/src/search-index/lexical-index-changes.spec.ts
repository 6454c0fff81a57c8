import { LexicalIndex } from './lexical-index';

describe('LexicalIndex attribute words', () => {
  const docs = [
    { id: 'SKU-000001', title: 'Enamel mug', attributes: 'Home , Kitchen , Mugs , red' },
    { id: 'SKU-000002', title: 'Red enamel mug' },
    { id: 'SKU-000003', title: 'Enamel mug', attributes: 'blue' },
    { id: 'SKU-000004', title: 'Garden hose' },
  ];
  const index = LexicalIndex.build(docs);
  const ids = (text: string) => index.search(text, { limit: 10 }).hits.map((h) => docs[h.doc].id);

  it('finds a product by a tag value or a category word as by a title word', () => {
    expect(ids('red').sort()).toEqual(['SKU-000001', 'SKU-000002']);
    expect(ids('kitchen')).toEqual(['SKU-000001']);
    expect(ids('mugs').sort()).toEqual(['SKU-000001', 'SKU-000002', 'SKU-000003']);
  });

  it('counts attribute words for "every word" but never for an exact name', () => {
    const query = index.parse('red enamel mug');
    expect(index.coverage(0, query, docs[0].id, 'red enamel mug')).toBe('all');
    expect(index.coverage(1, query, docs[1].id, 'red enamel mug')).toBe('exact');
    const plain = index.parse('enamel mug');
    expect(index.coverage(2, plain, docs[2].id, 'enamel mug')).toBe('exact');
  });

  it('finds an id with separators by the whole query, in any letter case', () => {
    expect(ids('SKU-000004')[0]).toBe('SKU-000004');
    expect(ids('sku-000004')[0]).toBe('SKU-000004');
    expect(index.coverage(3, index.parse('sku-000004'), docs[3].id, 'sku-000004')).toBe('exact');
  });
});

describe('LexicalIndex changes after the build', () => {
  const docs = [
    { id: 'A1', title: 'WHITE METAL LANTERN' },
    { id: 'B1', title: 'JUMBO BAG RED RETROSPOT' },
  ];

  it('finds an appended document by its words, new ones included, with typos and prefixes', () => {
    const index = LexicalIndex.build(docs);
    const doc = index.append({ id: 'C1', title: 'ROSE TEAPOT', attributes: 'Kitchen , porcelain' });
    expect(doc).toBe(2);
    expect(index.documentCount).toBe(3);
    for (const query of ['teapot', 'teapor', 'teap', 'porcelain', 'c1']) expect([query, index.search(query, { limit: 5 }).hits.map((h) => h.doc)]).toEqual([query, [2]]);
    expect(index.search('lantern', { limit: 5 }).hits.map((h) => h.doc)).toEqual([0]);
  });

  it('grows past its first capacity', () => {
    const index = LexicalIndex.build(docs);
    for (let i = 0; i < 100; i++) index.append({ id: `N${i}`, title: `NEW THING ${i}` });
    const found = index.search('new thing 77', { limit: 3 });
    expect(found.hits[0].doc).toBe(79);
    expect(found.total).toBe(100);
  });

  it('never answers a removed document, by words or by id', () => {
    const index = LexicalIndex.build(docs);
    index.remove(0, 'A1');
    expect(index.isRemoved(0)).toBe(true);
    expect(index.search('lantern', { limit: 5 })).toMatchObject({ hits: [], total: 0 });
    expect(index.search('a1', { limit: 5 }).hits).toEqual([]);
    const again = index.append({ id: 'A1', title: 'WHITE METAL LANTERN LARGE' });
    expect(index.search('lantern', { limit: 5 }).hits.map((h) => h.doc)).toEqual([again]);
    expect(index.search('a1', { limit: 5 }).hits.map((h) => h.doc)).toEqual([again]);
  });
});
