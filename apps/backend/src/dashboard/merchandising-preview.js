// The live preview: a placement's list for a chosen customer (or session, product, cart), as the
// shop's pages would get it, each item with its reason (`pinned:spring-sale`, `boosted:...`).

import { $, api, el } from './dashboard-helpers.js';
import { failureText, listOf } from './merchandising-api.js';

const money = (n) => (typeof n === 'number' ? '£' + n.toFixed(2) : '');
/** Model scores are small fractions; popularity scores are counts. */
const scoreText = (s) => (typeof s !== 'number' ? '' : Math.abs(s) >= 10 ? s.toFixed(0) : s.toFixed(3));

export function startPreview(ctx) {
  const form = $('preview-form');
  let seq = 0;

  /** Shows only the inputs the chosen placement's strategy reads (a product, a cart). */
  function showInputs() {
    const placement = ctx.shared.placements.find((p) => p.name === form.elements.placement.value);
    const strategy = placement ? placement.strategy : '';
    for (const input of form.querySelectorAll('[data-for-strategies]')) {
      input.hidden = !input.getAttribute('data-for-strategies').split(' ').includes(strategy);
    }
  }

  function query() {
    const f = form.elements;
    const params = new URLSearchParams();
    if (f.userId.value.trim()) params.set('userId', f.userId.value.trim());
    if (f.sessionId.value.trim()) params.set('sessionId', f.sessionId.value.trim());
    if (!f.productId.hidden && f.productId.value.trim()) params.set('productId', f.productId.value.trim());
    const cart = f.cartProductIds.hidden ? undefined : listOf(f.cartProductIds.value);
    if (cart) params.set('cartProductIds', cart.join(','));
    // Staff looking, not the shopper: the answer names their arm but logs no exposure.
    params.set('preview', 'true');
    return params;
  }

  function render(answer) {
    const list = $('preview-items');
    list.replaceChildren();
    const parts = [answer.items.length + ' items', 'strategy ' + answer.strategy];
    if (answer.modelVersion) parts.push('model ' + answer.modelVersion);
    if (answer.experiment) parts.push('experiment ' + answer.experiment.name + ', arm ' + answer.experiment.arm);
    $('preview-meta').textContent = 'Placement ' + answer.placement + ': ' + parts.join(' · ');
    $('preview-meta').title = 'recommendationId ' + answer.recommendationId;
    answer.items.forEach((item) => {
      const row = el('li', { class: 'preview-item', 'data-product': item.productId });
      row.appendChild(el('span', { class: 'title' }, (item.title || item.description || item.productId).toLowerCase()));
      row.appendChild(el('span', { class: 'code' }, item.productId));
      row.appendChild(el('span', { class: 'price' }, money(item.unitPrice)));
      const reason = row.appendChild(el('span', { class: 'reason' }, item.reason || 'model'));
      if (/(^|,)pinned:/.test(item.reason || '')) reason.classList.add('pinned');
      row.appendChild(el('span', { class: 'score', title: 'score' }, scoreText(item.score)));
      list.appendChild(row);
    });
  }

  async function run(event) {
    if (event) event.preventDefault();
    const name = form.elements.placement.value;
    if (!name) return;
    const params = query();
    if (!params.has('userId') && !params.has('sessionId')) {
      $('preview-meta').textContent = 'Preview: choose a customer id or a session id.';
      return;
    }
    // Only the newest preview draws: answers can arrive out of order.
    const mine = ++seq;
    $('preview-meta').textContent = 'Loading ' + name + '…';
    try {
      const answer = await api('/api/placements/' + encodeURIComponent(name) + '/recommendations?' + params);
      if (mine === seq) render(answer);
    } catch (err) {
      if (mine !== seq) return;
      $('preview-items').replaceChildren();
      $('preview-meta').textContent = failureText('Preview of ' + name, err);
    }
  }

  /** Customers to pick from (the first page of the customer list); false when it could not be read. */
  async function loadCustomers() {
    try {
      const page = await api('/api/users?limit=100');
      const options = $('preview-customers');
      options.replaceChildren();
      for (const c of page.items || []) options.appendChild(el('option', { value: c.customerId }, c.country || ''));
      if (page.items && page.items[0]) form.elements.userId.placeholder = 'customer id, e.g. ' + page.items[0].customerId;
      return true;
    } catch {
      // Typing an id still works without the list.
      return false;
    }
  }

  form.addEventListener('submit', run);
  form.elements.placement.addEventListener('change', showInputs);
  return {
    loadCustomers,
    /** After the placements were (re)listed. */
    placementsChanged: showInputs,
    /** Preview `name` now (a placement row's Preview button), or again after a change when one is shown. */
    show(name) {
      if (name) form.elements.placement.value = name;
      showInputs();
      return run();
    },
    refreshIfShown() {
      return $('preview-items').childElementCount ? run() : Promise.resolve();
    },
  };
}
