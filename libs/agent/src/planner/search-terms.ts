// The product words of a message: what is left once the words of shopping talk are dropped.

const STOPWORDS = new Set(
  (
    'a an the some any and or but with without for of to in on at by from is are was be am i me my mine we us our you your ' +
    'do does did have has had can could would should will shall please pls show find search look looking get give want need ' +
    'like love something anything things thing stuff item items product products one ones what which that this these those there ' +
    'it its also just really very much more less than then cost costs costing priced price prices cheap nice good great lovely ' +
    'buy purchase order shop store sell sells selling got see tell about let know okay ok hey hi hello well too as so if how ' +
    'recommend recommends recommendation recommendations suggest suggestion suggestions similar popular together bought often ' +
    'frequently goes go pair pairs pounds pound quid gbp £ same kind sort type other others else all available stock'
  ).split(' '),
);

/** Distinct words of a message worth searching for. */
export function searchTerms(rest: string): string[] {
  const words = rest
    .toLowerCase()
    .replace(/[^a-z0-9'\- ]/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !STOPWORDS.has(w) && !/^\d+$/.test(w) && w.length > 1);
  return [...new Set(words)];
}

/** The product name after a keyword ("something like the rabbit night light" → "rabbit night light"). */
export function nameAfter(text: string, keyword: RegExp): string | undefined {
  const match = new RegExp(String.raw`\b(?:${keyword.source})\b(.*)$`).exec(text);
  const terms = match ? searchTerms(match[match.length - 1] ?? '') : [];
  return terms.length ? terms.join(' ') : undefined;
}

export function hasNameAfter(text: string, keyword: RegExp): boolean {
  return nameAfter(text, keyword) !== undefined;
}
