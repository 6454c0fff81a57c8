// The assistant's products as cards, grouped by what part of the message they answer (a search,
// a product asked about, suggestions), each with the reason it was picked said in words.

import { el, priceElement } from './dashboard-helpers.js';

/** Cards per group: the answer lists the rest. */
const CARDS_PER_GROUP = 6;

/** The model's reason is the first of `reason`; rule effects follow after commas. */
const baseReason = (reason) => String(reason || '').split(',')[0];

/** Which group a reason belongs to: products of one kind of ask stay together. */
function familyOf(reason) {
  const base = baseReason(reason);
  if (base === 'search') return 'search';
  if (base === 'lookup' || base === 'catalog') return 'asked';
  if (base === 'popular' || base === 'trending' || base === 'new-arrival') return 'popular';
  return 'personal';
}

const FAMILY_ORDER = ['search', 'asked', 'personal', 'popular'];

/** What the searches of the turn looked for, for a group's title and the cards' reasons. */
function searchQueries(toolCalls) {
  const queries = (toolCalls || [])
    .filter((c) => c.name === 'search_products' && c.ok !== false && c.args && typeof c.args.query === 'string' && c.args.limit !== 1)
    .map((c) => c.args.query.trim())
    .filter(Boolean);
  return [...new Set(queries)];
}

function priceRange(toolCalls) {
  const search = (toolCalls || []).find((c) => c.name === 'search_products' && c.args && (c.args.maxPrice !== undefined || c.args.minPrice !== undefined));
  if (!search) return '';
  const { minPrice, maxPrice } = search.args;
  if (minPrice !== undefined && maxPrice !== undefined) return ' between £' + minPrice + ' and £' + maxPrice;
  return maxPrice !== undefined ? ' under £' + maxPrice : ' over £' + minPrice;
}

function groupTitle(family, toolCalls) {
  if (family === 'search') {
    const queries = searchQueries(toolCalls);
    return queries.length ? 'Matching ' + queries.map((q) => '“' + q + '”').join(' and ') + priceRange(toolCalls) : 'Matching your search';
  }
  if (family === 'asked') return 'What you asked about';
  if (family === 'popular') return 'Popular with shoppers';
  return 'Picked for you';
}

const RULE_WORDS = { boosted: 'promoted by the shop', buried: 'shown lower by the shop', pinned: 'featured by the shop' };

/** `bought-with:71053,boosted:spring` → "Often bought with White Metal Lantern · promoted by the shop". */
export function reasonInWords(reason, nameOf, toolCalls) {
  const [base, ...effects] = String(reason || 'model').split(',');
  const [kind, ref] = base.split(/:(.*)/s);
  const other = ref ? nameOf(ref) : '';
  const queries = searchQueries(toolCalls);
  const words = {
    search: queries.length === 1 ? 'Matches “' + queries[0] + '”' : 'Matches your search',
    lookup: 'The product you asked about',
    catalog: 'The product you asked about',
    popular: 'A best-seller with shoppers',
    trending: 'Selling fast right now',
    'new-arrival': 'New in the shop',
    model: 'Suits what this customer buys',
    'bought-before': 'Bought before by this customer',
    'buy-again': 'Time to buy it again',
    'bought-with': 'Often bought with ' + other,
    'similar-to': 'Similar to ' + other,
    pinned: 'Featured by the shop',
  }[kind] || kind.replace(/-/g, ' ');
  const extras = effects.map((e) => RULE_WORDS[e.split(':')[0]]).filter(Boolean);
  return [words, ...extras].join(' · ');
}

/**
 * The groups to show: the answer's own `groups` when it has them ({ title, products }), otherwise
 * the products grouped by the kind of their reason, in the order the message asked.
 */
export function productGroups(result) {
  const products = result.products || [];
  if (Array.isArray(result.groups) && result.groups.length) {
    return result.groups
      .map((g, i) => ({ key: g.key || g.intent || 'group-' + i, title: g.title || g.label || 'Products', products: g.products || g.items || [] }))
      .filter((g) => g.products.length);
  }
  const seen = new Set();
  const byKey = new Map();
  for (const p of products) {
    if (seen.has(p.productId)) continue;
    seen.add(p.productId);
    const family = familyOf(p.reason);
    // Two searches in one message are two groups when the assistant says what each matched.
    const sub = family === 'search' && typeof p.why === 'string' ? p.why : '';
    const key = family + '\u0000' + sub;
    if (!byKey.has(key)) byKey.set(key, { key: family, title: sub || groupTitle(family, result.toolCalls), products: [] });
    byKey.get(key).products.push(p);
  }
  const rank = (g) => FAMILY_ORDER.indexOf(g.key);
  return [...byKey.values()].sort((a, b) => rank(a) - rank(b));
}

const titleCase = (text) => text.toLowerCase().replace(/(^|[\s\-(])([a-z])/g, (_m, pre, c) => pre + c.toUpperCase());

function card(product, nameOf, toolCalls) {
  const node = el('article', { class: 'chat-card', 'data-product': product.productId, 'data-reason': product.reason || '' });
  if (product.imageUrl) node.appendChild(el('img', { src: product.imageUrl, alt: '', loading: 'lazy' }));
  const name = titleCase(product.title || product.description || product.productId);
  const title = node.appendChild(el('div', { class: 'title' }));
  if (product.url) title.appendChild(el('a', { href: product.url, target: '_blank', rel: 'noopener' }, name));
  else title.textContent = name;
  node.appendChild(priceElement(product));
  // The assistant's own words for why it picked the product, when it gives them.
  const why = typeof product.why === 'string' && product.why.trim() ? product.why.trim() : reasonInWords(product.reason, nameOf, toolCalls);
  node.appendChild(el('div', { class: 'reason', title: product.reason || '' }, why));
  return node;
}

/** The groups of cards for one answer (an empty fragment when it has no products). */
export function productCards(result) {
  const fragment = document.createDocumentFragment();
  const all = result.products || [];
  const nameOf = (id) => {
    const p = all.find((q) => q.productId === id);
    return p ? titleCase(p.title || p.description) : 'item ' + id;
  };
  for (const group of productGroups(result)) {
    const section = fragment.appendChild(el('section', { class: 'chat-group', 'data-group': group.key }));
    section.appendChild(el('h3', { class: 'chat-group-title' }, group.title));
    const list = section.appendChild(el('div', { class: 'chat-cards' }));
    for (const p of group.products.slice(0, CARDS_PER_GROUP)) list.appendChild(card(p, nameOf, result.toolCalls));
  }
  return fragment;
}
