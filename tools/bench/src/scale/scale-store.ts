import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateShop, type GeneratedShop, type ShopSize } from '../shop-generator/generate-shop';
import type { ScaleFigures } from './scale-figures';

export const SHOP_SEED = 1;

/**
 * Where the scale benchmark keeps what outlives a run: generated shops (L takes minutes to write)
 * and each size's latest figures (so `scale L` can print the S, M, L curve). The OS temp folder,
 * like the other benchmarks' imported databases: nothing in the checkout, nothing for git to ignore.
 * RECO_BENCH_SCALE_DIR moves it (e.g. to a bigger disk: L needs about 10 GB while it runs).
 */
export function scaleRoot(): string {
  return path.resolve(process.env['RECO_BENCH_SCALE_DIR'] ?? path.join(tmpdir(), 'reco-bench-scale'));
}

export interface CachedShop {
  shop: GeneratedShop;
  reused: boolean;
}

/** The shop of a size and seed, generated once: a folder with shop.json, written last, is complete. */
export async function cachedShop(size: ShopSize, root = scaleRoot()): Promise<CachedShop> {
  const dir = path.join(root, 'shops', `${size}-seed${SHOP_SEED}`);
  const manifest = path.join(dir, 'shop.json');
  if (existsSync(manifest)) return { shop: JSON.parse(readFileSync(manifest, 'utf8')) as GeneratedShop, reused: true };
  // Written elsewhere, then moved into place: an interrupted run leaves no half shop to reuse.
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
  const generated = await generateShop({ dir: partial, size, seed: SHOP_SEED, format: 'csv' });
  mkdirSync(path.dirname(dir), { recursive: true });
  renameSync(partial, dir);
  const moved = (file: string): string => path.join(dir, path.basename(file));
  const shop: GeneratedShop = {
    ...generated,
    dir,
    files: { products: moved(generated.files.products), customers: moved(generated.files.customers), events: moved(generated.files.events) },
  };
  writeFileSync(manifest, JSON.stringify(shop, null, 2));
  return { shop, reused: false };
}

function resultFile(size: string, root: string): string {
  return path.join(root, 'results', `${size}.json`);
}

/** The latest figures of one size, kept for the growth curve. */
export function saveFigures(figures: ScaleFigures, root = scaleRoot()): void {
  const file = resultFile(figures.size, root);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(figures, null, 2));
}

export function loadFigures(size: string, root = scaleRoot()): ScaleFigures | undefined {
  const file = resultFile(size, root);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ScaleFigures) : undefined;
}
