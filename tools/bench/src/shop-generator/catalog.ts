import { DAY_MS, YEAR_DAYS } from './activity-clock';
import type { IsoTimeFormatter } from './iso-time';
import type { FieldValue, RecordWriter } from './record-writer';
import { SeededRandom, cumulative, sampleCumulative } from './seeded-random';
import { ADJECTIVES, BRANDS, COLOURS, DEPARTMENTS, DESCRIPTION_ENDINGS, PLAIN_TAGS, slug } from './vocabulary';

export const PRODUCT_COLUMNS = ['id', 'title', 'price', 'categories', 'tags', 'available', 'created_at', 'description', 'currency', 'image_url', 'url'] as const;

const ZIPF_EXPONENT = 1.05;
const UNAVAILABLE_SHARE = 0.04;
const NEW_ARRIVAL_SHARE = 0.12;
const SECOND_CATEGORY_SHARE = 0.1;

/** A leaf category of the three-level tree (department > category > leaf). */
export interface Leaf {
  path: string;
  noun: string;
  department: number;
  medianPrice: number;
  consumable: boolean;
  coloured: boolean;
  materials: readonly string[];
  brands: string[];
  /** Running sums of brand shares (Zipf: a leaf has a leading brand). */
  brandSums: Float64Array;
  /** Leaves of the same department, the neighbourhood customers wander into. */
  siblings: number[];
}

/** What the event simulation needs to know about products, in columns. */
export interface Catalog {
  count: number;
  leaves: Leaf[];
  leafOf: Int32Array;
  price: Float64Array;
  createdAtMs: Float64Array;
  /** Products of each leaf, most popular first; rank 0 always exists before the data year. */
  leafProducts: Int32Array[];
  /** Running sums of leaf popularity, for sampling a leaf across the whole shop. */
  leafSums: Float64Array;
  /** Running sums of Zipf rank weights, shared by every leaf (a leaf of n uses the first n). */
  rankSums: Float64Array;
  consumableLeaves: number[];
}

export function productId(index: number, count: number): string {
  return `SKU-${String(index + 1).padStart(Math.max(6, String(count).length), '0')}`;
}

/** Tens of leaves, growing with the cube root of the catalog, spread round-robin over a few departments. */
function chooseLeaves(productCount: number, random: SeededRandom): Leaf[] {
  const available = DEPARTMENTS.reduce((n, d) => n + d.categories.reduce((m, [, leaves]) => m + leaves.length, 0), 0);
  // Never more leaves than products: every leaf holds at least one.
  const wanted = Math.min(available, productCount, Math.max(4, Math.round(2 * Math.cbrt(productCount))));
  const departments = random.shuffle(DEPARTMENTS.map((_, i) => i)).slice(0, Math.min(DEPARTMENTS.length, Math.max(2, Math.ceil(wanted / 6))));
  const pools = departments.map((d) => random.shuffle(DEPARTMENTS[d].categories.flatMap(([category, leaves]) => leaves.map((leaf) => ({ category, leaf })))));
  const leaves: Leaf[] = [];
  for (let round = 0; leaves.length < wanted && pools.some((pool) => pool.length > round); round++) {
    for (let i = 0; i < departments.length && leaves.length < wanted; i++) {
      const entry = pools[i][round];
      if (!entry) continue;
      const words = DEPARTMENTS[departments[i]];
      const [name, noun, price] = entry.leaf.split(':');
      const brands = random.shuffle([...BRANDS]).slice(0, 3 + random.int(6));
      leaves.push({
        path: `${words.name} > ${entry.category} > ${name}`,
        noun,
        department: departments[i],
        medianPrice: Number.parseFloat(price),
        consumable: price.endsWith('*'),
        coloured: words.coloured,
        materials: words.materials,
        brands,
        brandSums: cumulative(brands.map((_, rank) => 1 / (rank + 1))),
        siblings: [],
      });
    }
  }
  for (const [i, leaf] of leaves.entries()) leaf.siblings = leaves.flatMap((other, j) => (other.department === leaf.department && j !== i ? [j] : []));
  return leaves;
}

function roundPrice(raw: number): number {
  const price = Math.max(0.5, raw);
  return price < 10 ? Math.round(price * 100) / 100 : Math.round((Math.ceil(price) - 0.01) * 100) / 100;
}

function titleOf(leaf: Leaf, colour: string | null, material: string, random: SeededRandom): string {
  const base = `${colour ?? random.pick(ADJECTIVES)} ${material} ${leaf.noun}`;
  const roll = random.float();
  // A few titles carry commas or inch marks, as real catalogs do.
  if (roll < 0.04) return `${base}, ${leaf.consumable ? 'Pack' : 'Set'} of ${2 + random.int(5)}`;
  if (roll < 0.07) return `${base} ${8 + 2 * random.int(8)}"`;
  return base;
}

/**
 * Draws the catalog and writes one row per product. Products are spread over the leaves, each
 * leaf ranked for Zipf popularity; prices are log-normal around the leaf's median, nudged by brand.
 */
export async function writeCatalog(
  writer: RecordWriter,
  options: { count: number; seed: number; startMs: number; currency: string; times: IsoTimeFormatter },
): Promise<Catalog> {
  const { count, startMs } = options;
  const random = SeededRandom.derive(options.seed, 1);
  const leaves = chooseLeaves(count, random);
  const leafShareSums = cumulative(leaves.map(() => random.logNormal(1, 0.5)));
  const leafOf = new Int32Array(count);
  const price = new Float64Array(count);
  const createdAtMs = new Float64Array(count);
  const members: number[][] = leaves.map(() => []);
  const row: FieldValue[] = new Array<FieldValue>(PRODUCT_COLUMNS.length);
  for (let i = 0; i < count; i++) {
    // The first products fill every leaf once, so no leaf is empty.
    const leafIndex = i < leaves.length ? i : sampleCumulative(leafShareSums, leaves.length, random);
    const leaf = leaves[leafIndex];
    const brandRank = sampleCumulative(leaf.brandSums, leaf.brands.length, random);
    const brand = leaf.brands[brandRank];
    const colour = leaf.coloured && random.chance(0.6) ? random.pick(COLOURS) : null;
    const material = random.pick(leaf.materials);
    const title = titleOf(leaf, colour, material, random);
    // Leading brands price a little higher.
    price[i] = roundPrice(random.logNormal(leaf.medianPrice * (1.15 - 0.05 * Math.min(brandRank, 5)), 0.35));
    // The first product of each leaf is never a new arrival (see the rank-0 promise below).
    const newArrival = i >= leaves.length && random.chance(NEW_ARRIVAL_SHARE);
    createdAtMs[i] = newArrival ? startMs + random.float() * YEAR_DAYS * DAY_MS : startMs - random.float() * YEAR_DAYS * DAY_MS;
    leafOf[i] = leafIndex;
    members[leafIndex].push(i);
    let categories = leaf.path;
    if (leaf.siblings.length > 0 && random.chance(SECOND_CATEGORY_SHARE)) categories += `|${leaves[random.pick(leaf.siblings)].path}`;
    const tags = [colour ? `color:${slug(colour)}` : null, `material:${slug(material)}`, `brand:${slug(brand)}`, random.pick(PLAIN_TAGS)];
    const id = productId(i, count);
    const lowerId = id.toLowerCase();
    row[0] = id;
    row[1] = title;
    row[2] = price[i];
    row[3] = categories;
    row[4] = tags.filter((tag) => tag !== null).join('|');
    row[5] = !random.chance(UNAVAILABLE_SHARE);
    row[6] = options.times.format(createdAtMs[i]);
    row[7] = `${title} by ${brand}. ${random.pick(DESCRIPTION_ENDINGS)}`;
    row[8] = options.currency;
    row[9] = `https://shop.example/img/${lowerId}.jpg`;
    row[10] = `https://shop.example/p/${lowerId}`;
    writer.write(row);
    if (writer.needsDrain) await writer.drain();
  }
  const leafProducts = members.map((list) => {
    random.shuffle(list);
    // Rank 0 is the fallback when a drawn product is not yet on sale: it must exist all year.
    const old = list.findIndex((p) => createdAtMs[p] <= startMs);
    if (old > 0) [list[0], list[old]] = [list[old], list[0]];
    return Int32Array.from(list);
  });
  const longest = Math.max(...leafProducts.map((list) => list.length));
  return {
    count,
    leaves,
    leafOf,
    price,
    createdAtMs,
    leafProducts,
    leafSums: cumulative(leafProducts.map((list) => list.length * random.logNormal(1, 0.4))),
    rankSums: cumulative(Array.from({ length: longest }, (_, rank) => 1 / Math.pow(rank + 1, ZIPF_EXPONENT))),
    consumableLeaves: leaves.flatMap((leaf, i) => (leaf.consumable ? [i] : [])),
  };
}

/** A product of the leaf, by popularity, that is on sale at `atMs`. */
export function sampleProduct(catalog: Catalog, leaf: number, atMs: number, random: SeededRandom): number {
  const list = catalog.leafProducts[leaf];
  for (let attempt = 0; attempt < 3; attempt++) {
    const product = list[sampleCumulative(catalog.rankSums, list.length, random)];
    if (catalog.createdAtMs[product] <= atMs) return product;
  }
  return list[0];
}
