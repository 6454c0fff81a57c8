// Reco dashboard: plain browser JavaScript modules, no build step. Every call sends the API key
// the user entered (dashboard-helpers.js).

import { $, api, apiKey, el, keyAdvice, priceElement, setApiKey } from './dashboard-helpers.js';
import { startAdminPanel } from './admin-panel.js';
import { productCards } from './chat-cards.js';
import { drawTimeline, svgEl } from './tool-timeline.js';
import { startMerchandisingPage } from './merchandising.js';

const state = { customerId: '', sessionId: null, metricsTimer: null };

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
function addMessage(kind, text, result) {
  const msg = el('div', { class: 'msg ' + kind });
  msg.appendChild(el('div', { class: 'msg-text' }, text));
  if (result && result.products && result.products.length) msg.appendChild(productCards(result));
  $('chat-log').appendChild(msg);
  $('chat-log').scrollTop = $('chat-log').scrollHeight;
  return msg;
}

/** Before any message: how to start, or which key chatting needs. */
function showChatHint() {
  if ($('chat-log').querySelector('.msg')) return;
  const hint = apiKey()
    ? 'Ask the assistant as a shopper would, e.g. “red lanterns under £5, and what should I buy next?”. Pick a customer on the right to chat as them.'
    : keyAdvice('Chat', 'service');
  $('chat-log').replaceChildren(el('p', { class: 'hint muted' }, hint));
}

async function sendChat(message) {
  if (!apiKey()) {
    showChatHint();
    return;
  }
  $('chat-log').querySelector('.hint')?.remove();
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
      const body = await res.json().catch(() => null);
      const err = new Error((body && body.error && body.error.message) || 'HTTP ' + res.status);
      err.status = res.status;
      throw err;
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
          drawTimeline($('tool-timeline'), [...calls.values()]);
        }
        if (type === 'answer') {
          state.sessionId = event.result.sessionId;
          addMessage('assistant', event.result.answer, event.result);
          if (calls.size) drawTimeline($('tool-timeline'), [...calls.values()]);
        }
        if (type === 'error') addMessage('error', event.error.message);
      }
    }
  } catch (err) {
    addMessage('error', err.status === 401 || err.status === 403 ? keyAdvice('Chat', 'service', err) : err.message);
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
const NO_CUSTOMER = '— pick a customer —';

/** The picker shows the chosen customer, also one typed in that is not on the first page of the list. */
function showChosenCustomer() {
  const select = $('customer-select');
  const id = state.customerId;
  if (id && ![...select.options].some((o) => o.value === id)) select.appendChild(el('option', { value: id }, id));
  select.value = id;
}

async function loadCustomers() {
  const select = $('customer-select');
  try {
    const page = await api('/api/users?limit=100');
    select.replaceChildren(el('option', { value: '' }, NO_CUSTOMER));
    for (const c of page.items) select.appendChild(el('option', { value: c.customerId }, c.customerId + (c.country ? ' · ' + c.country : '')));
    showChosenCustomer();
    if (!state.customerId) $('customer-meta').textContent = page.items.length ? 'Pick a customer, or type an id, to see their recommendations.' : 'No customers yet: import orders or send customers to the API.';
  } catch (err) {
    $('customer-meta').textContent = keyAdvice('Customer list', 'service', err);
  }
}

function recCard(p) {
  const card = el('div', { class: 'rec-card', 'data-product': p.productId });
  card.appendChild(el('div', { class: 'title' }, (p.title || p.description || p.productId).toLowerCase()));
  card.appendChild(priceElement(p));
  card.appendChild(el('div', { class: 'reason', title: p.reason || 'model' }, p.reason || 'model'));
  card.appendChild(el('div', { class: 'code' }, p.productId + (typeof p.score === 'number' ? ' · score ' + p.score.toFixed(2) : '')));
  return card;
}

async function showCustomer(id) {
  state.customerId = id;
  state.sessionId = null;
  showChosenCustomer();
  $('customer-id').value = '';
  $('chat-as').textContent = id || 'none (anonymous shopper)';
  $('rec-cards').replaceChildren();
  if (!id) return;
  if (!apiKey()) {
    $('customer-meta').textContent = keyAdvice('Recommendations', 'service');
    return;
  }
  $('customer-meta').textContent = 'Loading ' + id + '…';
  try {
    const [recs, segment] = await Promise.all([
      api('/api/users/' + encodeURIComponent(id) + '/recommendations?k=12'),
      api('/api/users/' + encodeURIComponent(id) + '/segment').catch(() => null),
    ]);
    if (state.customerId !== id) return;
    const items = recs.items || [];
    const seg = segment && segment.segment ? ' · segment ' + segment.segment.replace(/_/g, ' ') : '';
    $('customer-meta').textContent = 'Customer ' + id + ': ' + items.length + ' recommendations' + (recs.strategy ? ' (' + recs.strategy + ')' : '') + seg;
    for (const p of items) $('rec-cards').appendChild(recCard(p));
  } catch (err) {
    if (state.customerId === id) $('customer-meta').textContent = keyAdvice('Recommendations for ' + id, 'service', err);
  }
}

$('customer-form').addEventListener('submit', (e) => {
  e.preventDefault();
  showCustomer($('customer-id').value.trim() || $('customer-select').value);
});
$('customer-select').addEventListener('change', () => showCustomer($('customer-select').value));

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
    svg.removeAttribute('hidden');
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
    svg.toggleAttribute('hidden', !pairs.length);
    $('segment-status').textContent = pairs.length ? '' : 'No segments yet: start Segment customers in the Admin panel below (admin key).';
  } catch (err) {
    svg.replaceChildren();
    svg.setAttribute('hidden', '');
    $('segment-status').textContent = keyAdvice('Segments', 'service', err);
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
    $('metrics-status').textContent = '';
  } catch (err) {
    $('m-rps').textContent = '–';
    $('metrics-status').textContent = keyAdvice('Live metrics', 'service', err);
  }
}

const adminPanel = startAdminPanel();
const merchandisingPage = startMerchandisingPage();

/** Without a key every panel says which key it needs and where to enter it. */
function showKeyHints() {
  showChatHint();
  $('customer-meta').textContent = keyAdvice('Customers and their recommendations', 'service');
  $('segment-chart').setAttribute('hidden', '');
  $('segment-status').textContent = keyAdvice('Segments', 'service');
  $('metrics-status').textContent = keyAdvice('Live metrics', 'service');
  adminPanel.needsKey();
}

function refreshAll() {
  if (!apiKey()) {
    showKeyHints();
    return;
  }
  showChatHint();
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
