import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Product } from '@reco/data';
import type { LabelledSearch } from '@reco/search-tools/testing';
import { generateShop } from '../shop-generator/generate-shop';

interface ProductRow {
  id: string;
  title: string;
  price: number;
  categories: string;
  tags: string;
  available: boolean;
  created_at: string;
}

/** A synthetic shop's catalogue of `count` products (the shop generator's products file, read back). */
export async function generatedProducts(count: number, seed = 1): Promise<Product[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'reco-search-libraries-'));
  try {
    const shop = await generateShop({ dir, counts: { products: count, customers: 1, events: 0 }, seed, format: 'jsonl' });
    return readFileSync(shop.files.products, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const row = JSON.parse(line) as ProductRow;
        const at = new Date(row.created_at);
        return {
          id: row.id,
          title: row.title,
          description: null,
          price: row.price,
          typicalPrice: row.price,
          currency: 'EUR',
          categories: row.categories ? row.categories.split('|') : [],
          tags: row.tags ? row.tags.split('|') : [],
          available: row.available,
          recommendable: true,
          createdAt: at,
          updatedAt: at,
          imageUrl: null,
          url: null,
        };
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Described {
  id: string;
  colour?: string;
  material: string;
  noun: string;
}

/** Title = "<colour or adjective> <material> <noun>[, Set of n | 12\"]": its parts, from the title and tags. */
function describe(p: Product): Described | undefined {
  const tag = (key: string) => p.tags.find((t) => t.startsWith(`${key}:`))?.slice(key.length + 1);
  const material = tag('material');
  if (!material) return undefined;
  const words = p.title.split(',')[0].replace(/ \d+"$/, '').toLowerCase().split(' ');
  const materialWords = material.split('-').length;
  const noun = words.slice(1 + materialWords).join(' ');
  return noun ? { id: p.id, colour: tag('color'), material: material.replace(/-/g, ' '), noun } : undefined;
}

/**
 * Labelled queries over a generated catalogue, labelled from each product's tags and title
 * parts: "<colour> <noun>" (colour tag and noun), "<material> <noun>", plural nouns, and a
 * swapped-letter typo in the noun with its colour. Deterministic for a catalogue.
 */
export function generatedQueries(products: readonly Product[], count: number): LabelledSearch[] {
  const described = products.map(describe).filter((d): d is Described => d !== undefined);
  const out: LabelledSearch[] = [];
  const seen = new Set<string>();
  const add = (kind: string, query: string, keep: (d: Described) => boolean) => {
    if (seen.has(query)) return;
    seen.add(query);
    const relevant = described.filter(keep).map((d) => d.id);
    if (relevant.length > 0) out.push({ kind, query, relevant });
  };
  const swap = (word: string) => (word.length < 5 ? word : `${word.slice(0, 2)}${word[3]}${word[2]}${word.slice(4)}`);
  for (let i = 0; out.length < count && i < described.length; i += 97) {
    const d = described[i];
    const noun = d.noun;
    const nounIs = (x: Described) => x.noun === noun;
    switch (out.length % 4) {
      case 0:
        if (d.colour) add('colour', `${d.colour} ${noun}`, (x) => nounIs(x) && x.colour === d.colour);
        break;
      case 1:
        add('material', `${d.material} ${noun}`, (x) => nounIs(x) && x.material === d.material);
        break;
      case 2:
        add('plural', `${noun}s`, nounIs);
        break;
      default:
        if (d.colour) add('typo', `${d.colour} ${noun.split(' ').map(swap).join(' ')}`, (x) => nounIs(x) && x.colour === d.colour);
    }
  }
  return out;
}
