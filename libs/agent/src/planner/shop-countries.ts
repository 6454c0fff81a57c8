/** Countries of the shop's orders, as the data spells them (Online Retail dataset). */
export const SHOP_COUNTRIES = [
  'United Kingdom', 'France', 'Germany', 'EIRE', 'Netherlands', 'Belgium', 'Switzerland', 'Spain', 'Portugal',
  'Italy', 'Norway', 'Sweden', 'Denmark', 'Finland', 'Austria', 'Poland', 'Australia', 'Japan', 'Channel Islands',
  'Cyprus', 'Iceland', 'Israel', 'Greece', 'Singapore', 'Lithuania', 'Malta', 'Canada', 'USA', 'Brazil',
  'Czech Republic', 'Bahrain', 'Lebanon', 'Saudi Arabia', 'United Arab Emirates', 'RSA', 'European Community',
] as const;

/** How shoppers name them, lower case, mapped to the data's spelling. Longest first so "united kingdom" beats "kingdom". */
const ALIASES: [string, string][] = [
  ...SHOP_COUNTRIES.map((c): [string, string] => [c.toLowerCase(), c]),
  ['ireland', 'EIRE'], ['eire', 'EIRE'], ['uk', 'United Kingdom'], ['u.k.', 'United Kingdom'], ['britain', 'United Kingdom'],
  ['great britain', 'United Kingdom'], ['england', 'United Kingdom'], ['scotland', 'United Kingdom'], ['wales', 'United Kingdom'],
  ['united states', 'USA'], ['america', 'USA'], ['us', 'USA'], ['holland', 'Netherlands'], ['the netherlands', 'Netherlands'],
  ['south africa', 'RSA'], ['uae', 'United Arab Emirates'], ['czechia', 'Czech Republic'], ['eu', 'European Community'],
];
ALIASES.sort((a, b) => b[0].length - a[0].length);

/** The country named after "in", "from" or "for", in the data's spelling. */
export function findCountry(text: string): { country: string; phrase: string } | undefined {
  const lower = text.toLowerCase();
  // Most messages name no country: one look for a preposition first.
  if (!/\b(in|from|for|across)\s/.test(lower)) return undefined;
  for (const [pattern, country] of PATTERNS()) {
    const match = pattern.exec(lower);
    if (match) return { country, phrase: match[0] };
  }
  return undefined;
}

// "us" only after a preposition, so "show us" is not the USA. Compiled on first use, once.
let patterns: [RegExp, string][] | undefined;
function PATTERNS(): [RegExp, string][] {
  patterns ??= ALIASES.map(([alias, country]) => [new RegExp(`\\b(in|from|for|across)\\s+(the\\s+)?${escape(alias)}(?![a-z])`, 'i'), country]);
  return patterns;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
