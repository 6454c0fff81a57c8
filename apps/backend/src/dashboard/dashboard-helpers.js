// What every part of the dashboard shares: the API key the user entered (kept in
// sessionStorage, so it leaves with the tab), calls that send it, and building elements whose
// text is always set as text (never as HTML).

const KEY = 'reco.apiKey';

export const $ = (id) => document.getElementById(id);

export function apiKey() {
  return sessionStorage.getItem(KEY) || '';
}

export function setApiKey(key) {
  sessionStorage.setItem(KEY, key);
}

/**
 * fetch with the key; throws an Error carrying the HTTP `status`, the API's error `code` and
 * `issues`, the fields a 400 refused (`[{ field, message }]`, else empty).
 */
export async function api(path, options) {
  const init = Object.assign({ headers: {} }, options || {});
  init.headers = Object.assign({ Authorization: 'Bearer ' + apiKey() }, init.headers);
  if (init.json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(init.json);
    delete init.json;
  }
  const res = await fetch(path, init);
  const body = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const detail = body && body.error;
    const error = new Error((detail && detail.message) || 'HTTP ' + res.status);
    error.status = res.status;
    error.code = detail && detail.code;
    error.issues = (detail && detail.details && Array.isArray(detail.details.issues) && detail.details.issues) || [];
    throw error;
  }
  return body;
}

export function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

const money = (n, currency) => {
  if (typeof n !== 'number') return '';
  try {
    return n.toLocaleString('en-GB', { style: 'currency', currency: currency || 'GBP' });
  } catch {
    return '£' + n.toFixed(2);
  }
};

/**
 * One price to read, the product's usual price beside it only when it differs, said in words
 * with a tooltip on where "usually" comes from: `£2.55 · usually £2.95`.
 */
export function priceElement(product, className) {
  const node = el('span', { class: className || 'price' }, money(product.unitPrice, product.currency));
  const typical = product.typicalPrice;
  if (typeof typical === 'number' && typeof product.unitPrice === 'number' && Math.abs(typical - product.unitPrice) >= 0.005) {
    node.appendChild(el('span', { class: 'typical' }, ' · usually ' + money(typical, product.currency)));
    node.title = 'Now ' + money(product.unitPrice, product.currency) + '. Usually ' + money(typical, product.currency) + ': the price it sold at most often.';
  }
  return node;
}

/** What a panel says when the key it needs is missing or refused, naming where and which kind. */
export function keyAdvice(what, kind, err) {
  const which = kind === 'admin' ? 'an admin key (reco_admin_…)' : 'a service or admin key (reco_service_… or reco_admin_…)';
  if (!err) return what + ': enter ' + which + ' in the API key box at the top, then press Use key.';
  if (err.status === 401) return what + ': the key was not accepted. Enter ' + which + ' in the API key box at the top.';
  if (err.status === 403) return what + ': this key may not do that. It needs ' + which + '.';
  return what + ': ' + err.message;
}
