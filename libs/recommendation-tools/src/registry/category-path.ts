// The category filter of recommendations: a path such as `Home > Kitchen` matches products in
// that category and in every category under it (`Home > Kitchen > Mugs`), in any letter case.
// Paths are compared the way the catalogue stores them: parts trimmed, joined with ` > `.

/** The comparable form of a category path. */
export function categoryKey(path: string): string {
  return path
    .split('>')
    .map((part) => part.trim().replace(/\s+/g, ' '))
    .join(' > ')
    .toLowerCase();
}

/** True when one of `categories` is the category `key` (see categoryKey) or under it. */
export function inCategory(categories: readonly string[], key: string): boolean {
  for (const c of categories) {
    const own = categoryKey(c);
    if (own === key || own.startsWith(`${key} > `)) return true;
  }
  return false;
}
