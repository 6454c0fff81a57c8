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

/** fetch with the key; throws an Error carrying the HTTP `status` and the API's error `code`. */
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
    const error = new Error((body && body.error && body.error.message) || 'HTTP ' + res.status);
    error.status = res.status;
    error.code = body && body.error && body.error.code;
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
