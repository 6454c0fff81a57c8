// Reco dashboard: plain browser JavaScript modules, no build step. Every call sends the API key
// the user entered (dashboard-helpers.js).

import { $, api, apiKey, el, setApiKey } from './dashboard-helpers.js';
import { startAdminPanel } from './admin-panel.js';
import { startMerchandisingPage } from './merchandising.js';

const SVG = 'http://www.w3.org/2000/svg';
const state = { customerId: '', sessionId: null, metricsTimer: null };

function svgEl(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

const money = (n) => (typeof n === 'number' ? '£' + n.toFixed(2) : '');

// ---- key ----
function showKeyStatus() {
  const key = apiKey();
  $('key-status').textContent = key ? 'key set (' + key.slice(0, 11) + '…)' : 'no key';
}

$('key-form').addEventListener('submit', (e) => {
  e.preventDefault();
  setApiKey($('key-input').value.trim());
  $('key-input').value = '';
  showKeyStatus();
  refreshAll();
});

// ---- chat ----
function addMessage(kind, text, products) {
  const msg = el('div', { class: 'msg ' + kind }, text);
  if (products && products.length) {
    const list = el('div', { class: 'products' });
    const unique = products.filter((p, i) => products.findIndex((q) => q.productId === p.productId) === i);
    for (const p of unique.slice(0, 6)) list.appendChild(el('span', { class: 'chip' }, p.description + ' ' + money(p.unitPrice)));
    msg.appendChild(list);
  }
  $('chat-log').appendChild(msg);
  $('chat-log').scrollTop = $('chat-log').scrollHeight;
  return msg;
}

// The axis starts at the first call's start: the planning before it is not a tool's time.
function drawTimeline(rawCalls) {
  const origin = Math.min(...rawCalls.map((c) => c.start));
  const calls = rawCalls.map((c) => Object.assign({}, c, { start: c.start - origin, end: c.end - origin }));
  const totalMs = Math.max(1, ...calls.map((c) => c.end));
  const svg = $('tool-timeline');
  svg.replaceChildren();
  const width = svg.clientWidth || 600;
  const rowH = 20;
  const left = 150;
  const span = Math.max(totalMs, 1);
  const height = Math.max(60, calls.length * rowH + 28);
  svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
  svg.style.height = height + 'px';
  const x = (ms) => left + ((width - left - 30) * ms) / span;
  for (let t = 0; t <= 4; t++) {
    const ms = (span * t) / 4;
    svg.appendChild(svgEl('line', { class: 'axis', x1: x(ms), x2: x(ms), y1: 0, y2: height - 16 }));
    svg.appendChild(svgEl('text', { x: x(ms) - 8, y: height - 3 }, Math.round(ms)));
  }
  calls.forEach((c, i) => {
    const y = 4 + i * rowH;
    svg.appendChild(svgEl('text', { x: 4, y: y + 13 }, c.name));
    const bar = svgEl('rect', {
      class: 'tool-bar' + (c.ok === false ? ' failed' : ''),
      'data-tool': c.name,
      x: x(c.start),
      y: y + 2,
      width: Math.max(2, x(c.end) - x(c.start)),
      height: rowH - 6,
      rx: 3,
    });
    bar.appendChild(svgEl('title', {}, c.name + ': ' + Math.round(c.end - c.start) + ' ms'));
    svg.appendChild(bar);
  });
}

async function sendChat(message) {
  addMessage('user', message);
  $('chat-send').disabled = true;
  const started = performance.now();
  const calls = new Map();
  const body = { message };
  if (state.sessionId) body.sessionId = state.sessionId;
  if (state.customerId) body.userId = state.customerId;
  try {
    const res = await fetch('/api/agent/chat/stream', {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + apiKey(), 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) {
      const err = await res.json().catch(() => null);
      throw new Error((err && err.error && err.error.message) || 'HTTP ' + res.status);
    }
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const type = (/^event: (.*)$/m.exec(frame) || [])[1];
        const data = (/^data: (.*)$/m.exec(frame) || [])[1];
        if (!type || !data) continue;
        const event = JSON.parse(data);
        const now = performance.now() - started;
        if (type === 'tool_start') calls.set(event.id, { name: event.name, start: now, end: now });
        if (type === 'tool_end') {
          const call = calls.get(event.id) || { name: event.name, start: Math.max(0, now - event.ms) };
          call.end = Math.max(now, call.start + 1);
          call.ok = event.ok;
          calls.set(event.id, call);
          drawTimeline([...calls.values()]);
        }
        if (type === 'answer') {
          state.sessionId = event.result.sessionId;
          addMessage('assistant', event.result.answer, event.result.products);
          if (calls.size) drawTimeline([...calls.values()]);
        }
        if (type === 'error') addMessage('error', event.error.message);
      }
    }
  } catch (err) {
    addMessage('error', err.message);
  } finally {
    $('chat-send').disabled = false;
  }
}

$('chat-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const message = $('chat-input').value.trim();
  if (!message) return;
  $('chat-input').value = '';
  sendChat(message);
});

// ---- customers ----
async function loadCustomers() {
  try {
    const page = await api('/api/users?limit=100');
    const select = $('customer-select');
    select.replaceChildren(el('option', { value: '' }, '— pick a customer —'));
    for (const c of page.items) select.appendChild(el('option', { value: c.customerId }, c.customerId + (c.country ? ' · ' + c.country : '')));
  } catch (err) {
    $('customer-meta').textContent = 'Customer list: ' + err.message;
  }
}

async function showCustomer(id) {
  state.customerId = id;
  state.sessionId = null;
  $('chat-as').textContent = id || 'none (anonymous shopper)';
  $('rec-cards').replaceChildren();
  if (!id) return;
  $('customer-meta').textContent = 'Loading ' + id + '…';
  try {
    const [recs, segment] = await Promise.all([
      api('/api/users/' + encodeURIComponent(id) + '/recommendations?k=12'),
      api('/api/users/' + encodeURIComponent(id) + '/segment').catch(() => null),
    ]);
    const items = recs.items || [];
    const seg = segment && segment.segment ? ' · segment ' + segment.segment.replace(/_/g, ' ') : '';
    $('customer-meta').textContent = 'Customer ' + id + ': ' + items.length + ' recommendations' + (recs.strategy ? ' (' + recs.strategy + ')' : '') + seg;
    for (const p of items) {
      const card = el('div', { class: 'rec-card', 'data-product': p.productId });
      card.appendChild(el('div', { class: 'title' }, (p.description || p.productId).toLowerCase()));
      card.appendChild(el('div', { class: 'price' }, money(p.unitPrice)));
      card.appendChild(el('div', { class: 'reason' }, p.reason || 'model'));
      card.appendChild(el('div', { class: 'code' }, p.productId + (typeof p.score === 'number' ? ' · score ' + p.score.toFixed(2) : '')));
      $('rec-cards').appendChild(card);
    }
  } catch (err) {
    $('customer-meta').textContent = 'Recommendations for ' + id + ': ' + err.message;
  }
}

$('customer-form').addEventListener('submit', (e) => {
  e.preventDefault();
  showCustomer($('customer-id').value.trim() || $('customer-select').value);
});
$('customer-select').addEventListener('change', () => {
  $('customer-id').value = '';
  showCustomer($('customer-select').value);
});

// ---- segments ----
// The summary's exact shape belongs to the segmentation tool: take the first list of
// {name-ish, number-ish} pairs, or an object of name -> count.
function segmentPairs(data) {
  const label = (o) => o.segment || o.name || o.label || o.id;
  const value = (o) => [o.count, o.size, o.customers, o.total].find((v) => typeof v === 'number');
  const visit = (node, depth) => {
    if (!node || typeof node !== 'object' || depth > 3) return null;
    if (Array.isArray(node)) {
      const pairs = node.filter((o) => o && typeof o === 'object' && label(o) !== undefined && value(o) !== undefined);
      return pairs.length ? pairs.map((o) => [String(label(o)), value(o)]) : null;
    }
    const numeric = Object.entries(node).filter(([, v]) => typeof v === 'number');
    if (numeric.length >= 2 && numeric.length === Object.keys(node).length) return numeric;
    for (const child of Object.values(node)) {
      const found = visit(child, depth + 1);
      if (found) return found;
    }
    return null;
  };
  return visit(data, 0) || [];
}

async function loadSegments() {
  const svg = $('segment-chart');
  try {
    const pairs = segmentPairs(await api('/api/segments')).sort((a, b) => b[1] - a[1]);
    svg.replaceChildren();
    const width = svg.clientWidth || 400;
    const rowH = 20;
    const height = Math.max(40, pairs.length * rowH + 6);
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.style.height = height + 'px';
    const max = Math.max(1, ...pairs.map((p) => p[1]));
    const left = 130;
    pairs.forEach(([name, count], i) => {
      const y = 3 + i * rowH;
      const w = ((width - left - 50) * count) / max;
      svg.appendChild(svgEl('text', { x: 4, y: y + 13 }, name.replace(/_/g, ' ')));
      svg.appendChild(svgEl('rect', { class: 'bar', x: left, y: y + 2, width: Math.max(1, w), height: rowH - 6, rx: 2 }));
      svg.appendChild(svgEl('text', { x: left + w + 4, y: y + 13 }, count));
    });
    $('segment-status').textContent = pairs.length ? '' : 'No segments yet.';
  } catch (err) {
    svg.replaceChildren();
    $('segment-status').textContent = 'Segments: ' + err.message;
  }
}

// ---- metrics ----
async function pollMetrics() {
  try {
    const m = await api('/api/metrics/summary');
    $('m-rps').textContent = m.requestsPerSecond.toFixed(1);
    $('m-p95').textContent = m.p95Ms === null ? '–' : String(m.p95Ms);
    $('m-hit').textContent = m.cacheHitRate === null ? '–' : Math.round(m.cacheHitRate * 100) + '%';
    $('m-tools').textContent = m.toolCalls + ' (' + m.toolErrors + ')';
  } catch {
    $('m-rps').textContent = '–';
  }
}

const adminPanel = startAdminPanel();
const merchandisingPage = startMerchandisingPage();

function refreshAll() {
  if (!apiKey()) return;
  loadCustomers();
  loadSegments();
  pollMetrics();
  adminPanel.open();
  merchandisingPage.open();
  clearInterval(state.metricsTimer);
  state.metricsTimer = setInterval(pollMetrics, 2000);
}

showKeyStatus();
refreshAll();
