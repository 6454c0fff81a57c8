// Merchandising rules: the list (name, kind, placement, what it matches, its window, enabled) and
// the editor (create, edit, delete). The API checks every field; a refused one is shown beside it.

import { $, api, el } from './dashboard-helpers.js';
import { clearIssues, failureText, fromLocalInput, listOf, numberOf, showIssues, toLocalInput } from './merchandising-api.js';

const money = (n) => '£' + Number(n).toFixed(2);
const when = (iso) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

/** "products 85123A, 71053 · tags red · £1.00–£5.00 · available", or "every product". */
export function matchSummary(match) {
  const m = match || {};
  const parts = [];
  if (m.productIds && m.productIds.length) parts.push('products ' + m.productIds.join(', '));
  if (m.categories && m.categories.length) parts.push('categories ' + m.categories.join('; '));
  if (m.tags && m.tags.length) parts.push('tags ' + m.tags.join(', '));
  if (m.minPrice !== undefined && m.maxPrice !== undefined) parts.push(money(m.minPrice) + '–' + money(m.maxPrice));
  else if (m.minPrice !== undefined) parts.push('from ' + money(m.minPrice));
  else if (m.maxPrice !== undefined) parts.push('up to ' + money(m.maxPrice));
  if (m.available !== undefined) parts.push(m.available ? 'available' : 'unavailable');
  return parts.length ? parts.join(' · ') : 'every product';
}

function windowText(rule) {
  if (rule.activeFrom && rule.activeUntil) return when(rule.activeFrom) + ' – ' + when(rule.activeUntil);
  if (rule.activeFrom) return 'from ' + when(rule.activeFrom);
  if (rule.activeUntil) return 'until ' + when(rule.activeUntil);
  return 'always';
}

/** Who made and last changed a stored object, and when (the API records the key's name). */
export function auditText(stored) {
  if (!stored.updatedAt) return '';
  const created = 'created by ' + stored.createdBy + ', ' + when(stored.createdAt);
  return stored.updatedAt === stored.createdAt ? created : created + '; changed by ' + stored.updatedBy + ', ' + when(stored.updatedAt);
}

function kindText(rule) {
  if (rule.kind === 'pin') return 'pin at ' + rule.position;
  if (rule.kind === 'boost' || rule.kind === 'bury') return rule.kind + ' ×' + rule.factor;
  return rule.kind;
}

/** The rule the form describes, as the API takes it (absent fields left out). */
function readForm(form) {
  const f = form.elements;
  const kind = f.kind.value;
  const match = {
    productIds: listOf(f.productIds.value),
    categories: listOf(f.categories.value, ';'),
    tags: listOf(f.tags.value),
    minPrice: numberOf(f.minPrice),
    maxPrice: numberOf(f.maxPrice),
    available: f.available.value === '' ? undefined : f.available.value === 'true',
  };
  return {
    name: f.name.value.trim(),
    kind,
    placement: f.placement.value || undefined,
    match,
    factor: kind === 'boost' || kind === 'bury' ? numberOf(f.factor) : undefined,
    position: kind === 'pin' ? numberOf(f.position) : undefined,
    activeFrom: fromLocalInput(f.activeFrom.value),
    activeUntil: fromLocalInput(f.activeUntil.value),
    enabled: f.enabled.checked,
  };
}

/** Only the fields of the chosen kind are shown: a factor for boost and bury, a position for pin. */
function showKindFields(form) {
  const kind = form.elements.kind.value;
  for (const label of form.querySelectorAll('[data-for-kinds]')) {
    const shown = label.getAttribute('data-for-kinds').split(' ').includes(kind);
    label.hidden = !shown;
    label.nextElementSibling.hidden = !shown;
  }
}

export function startRulesPanel(ctx) {
  const form = $('rule-form');
  let editing = null;

  function openForm(rule) {
    editing = rule ? rule.id : null;
    form.reset();
    clearIssues(form);
    const f = form.elements;
    $('rule-form-title').textContent = rule ? 'Edit rule ' + rule.name : 'New rule';
    if (rule) {
      const m = rule.match || {};
      f.name.value = rule.name;
      f.kind.value = rule.kind;
      if (rule.factor !== undefined) f.factor.value = rule.factor;
      if (rule.position !== undefined) f.position.value = rule.position;
      f.placement.value = rule.placement || '';
      f.productIds.value = (m.productIds || []).join(', ');
      f.categories.value = (m.categories || []).join('; ');
      f.tags.value = (m.tags || []).join(', ');
      f.minPrice.value = m.minPrice === undefined ? '' : m.minPrice;
      f.maxPrice.value = m.maxPrice === undefined ? '' : m.maxPrice;
      f.available.value = m.available === undefined ? '' : String(m.available);
      f.activeFrom.value = toLocalInput(rule.activeFrom);
      f.activeUntil.value = toLocalInput(rule.activeUntil);
      f.enabled.checked = rule.enabled !== false;
    }
    showKindFields(form);
    form.hidden = false;
    f.name.focus();
  }

  function closeForm() {
    form.hidden = true;
    editing = null;
  }

  async function save(event) {
    event.preventDefault();
    const body = readForm(form);
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      if (editing) await api('/api/admin/rules/' + encodeURIComponent(editing), { method: 'PUT', json: body });
      else await api('/api/admin/rules', { method: 'POST', json: body });
      ctx.say((editing ? 'Saved rule ' : 'Created rule ') + body.name + '.');
      closeForm();
      await ctx.changed();
    } catch (err) {
      showIssues(form, err, 'Rule');
    } finally {
      button.disabled = false;
    }
  }

  async function remove(rule, button) {
    if (!window.confirm('Delete rule ' + rule.name + '?')) return;
    button.disabled = true;
    try {
      await api('/api/admin/rules/' + encodeURIComponent(rule.id), { method: 'DELETE' });
      ctx.say('Deleted rule ' + rule.name + '.');
      if (editing === rule.id) closeForm();
      await ctx.changed();
    } catch (err) {
      ctx.say(failureText('Delete rule', err), 'bad');
      button.disabled = false;
    }
  }

  function render(rules) {
    const body = $('rules-body');
    body.replaceChildren();
    for (const rule of rules) {
      const row = el('tr', { 'data-rule-id': rule.id, 'data-rule-name': rule.name });
      row.appendChild(el('th', { scope: 'row', title: auditText(rule) }, rule.name));
      row.appendChild(el('td', {}, kindText(rule)));
      row.appendChild(el('td', {}, rule.placement || 'all'));
      row.appendChild(el('td', { class: 'match' }, matchSummary(rule.match)));
      row.appendChild(el('td', {}, windowText(rule)));
      row.appendChild(el('td', {}, rule.enabled === false ? 'no' : 'yes'));
      const actions = row.appendChild(el('td', { class: 'actions' }));
      const edit = actions.appendChild(el('button', { type: 'button', class: 'secondary', 'aria-label': 'Edit rule ' + rule.name }, 'Edit'));
      edit.addEventListener('click', () => openForm(rule));
      const del = actions.appendChild(el('button', { type: 'button', class: 'danger', 'aria-label': 'Delete rule ' + rule.name }, 'Delete'));
      del.addEventListener('click', () => remove(rule, del));
      body.appendChild(row);
    }
    $('rules-empty').hidden = rules.length > 0;
  }

  $('rule-new').addEventListener('click', () => openForm(null));
  form.elements.kind.addEventListener('change', () => showKindFields(form));
  form.addEventListener('submit', save);
  form.querySelector('[data-action="cancel"]').addEventListener('click', closeForm);
  showKindFields(form);
  return { render };
}
