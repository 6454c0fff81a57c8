import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What the manifests may rely on in the repository: which apps have an entry point and which paths each serves. */
export interface RepoFacts {
  /** `apps/<app>/dist/main.js` is built from `apps/<app>/src/main.ts`. */
  hasEntryPoint(app: string): boolean;
  servesPath(app: string, urlPath: string): boolean;
}

export function repoFactsAt(root: string): RepoFacts {
  const sourcesOf = new Map<string, string[]>();
  const appSources = (app: string): string[] => {
    let texts = sourcesOf.get(app);
    if (!texts) {
      texts = productSources(path.join(root, 'apps', app, 'src')).map((file) => readFileSync(file, 'utf8'));
      sourcesOf.set(app, texts);
    }
    return texts;
  };
  return {
    hasEntryPoint: (app) => existsSync(path.join(root, 'apps', app, 'src', 'main.ts')),
    servesPath: (app, urlPath) => sourcesServe(appSources(app), urlPath),
  };
}

/**
 * True when the sources name the path as a string literal (a plain node:http server), or mount a
 * router at a prefix of it (`.use('/health', ...)`) that answers the rest (`.get('/live', ...)`),
 * as the Express backend does.
 */
export function sourcesServe(sources: readonly string[], urlPath: string): boolean {
  const quoted = (s: string) => new RegExp(`['"\`]${escapeRegExp(s)}['"\`]`);
  const call = (method: string, s: string) => new RegExp(`\\.${method}\\(\\s*['"\`]${escapeRegExp(s)}['"\`]`);
  if (sources.some((text) => quoted(urlPath).test(text))) return true;
  for (let cut = urlPath.indexOf('/', 1); cut > 0; cut = urlPath.indexOf('/', cut + 1)) {
    const mount = urlPath.slice(0, cut);
    const rest = urlPath.slice(cut);
    if (sources.some((t) => call('use', mount).test(t)) && sources.some((t) => call('get', rest).test(t))) return true;
  }
  return false;
}

/** The app's own code: specs and test fixtures may name paths the app does not serve. */
function productSources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.includes(`${path.sep}__fixtures__${path.sep}`));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
