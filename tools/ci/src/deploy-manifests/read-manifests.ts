import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** One YAML document of a manifest file, as parsed (Kubernetes objects are plain JSON-like data). */
export interface Manifest {
  /** `<file>#<index>`, for messages. */
  where: string;
  body: Record<string, unknown>;
}

/** Every document of every `.yaml`/`.yml` file in `dir`; a syntax error or duplicate key throws naming the file and line. */
export function readManifests(dir: string): Manifest[] {
  const files = readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
  if (files.length === 0) throw new Error(`no .yaml files in ${dir}`);
  return files.flatMap((file) => parseManifests(readFileSync(path.join(dir, file), 'utf8'), file));
}

export function parseManifests(text: string, file: string): Manifest[] {
  const manifests: Manifest[] = [];
  parseAllDocuments(text).forEach((document, index) => {
    const [error] = [...document.errors, ...document.warnings];
    if (error) throw new Error(`${file}: ${error.message}`);
    const body: unknown = document.toJS();
    if (body === null || body === undefined) return; // an empty document, e.g. after a trailing ---
    if (typeof body !== 'object' || Array.isArray(body)) throw new Error(`${file}#${index}: a manifest must be a mapping`);
    manifests.push({ where: `${file}#${index}`, body: body as Record<string, unknown> });
  });
  return manifests;
}
