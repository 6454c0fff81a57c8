// Placements: the list (built-in and custom), and the editor of one placement's strategy, k,
// rules (every matching rule, or only chosen ones) and diversity (max per category, MMR slider).

import { $, api, el } from './dashboard-helpers.js';
import { clearIssues, numberOf, showIssues } from './merchandising-api.js';

/** The strategies a placement or an arm can fill its list with (the API's STRATEGIES). */
export const STRATEGIES = ['personal', 'product', 'similar', 'bought-together', 'cart', 'buy-again', 'trending', 'new-arrivals', 'popular'];

export function diversityText(diversity) {
  const d = diversity || {};
  const parts = [];
  if (d.maxPerCategory !== undefined) parts.push('≤ ' + d.maxPerCategory + ' per category');
  if (d.mmr !== undefined && d.mmr > 0) parts.push('MMR ' + d.mmr);
  return parts.length ? parts.join(', ') : 'none';
}

const mmrText = (value) => (Number(value) > 0 ? Number(value).toFixed(2) : 'off');

function rulesText(placement, rules) {
  if (!placement.rules) return 'every matching rule';
  if (!placement.rules.length) return 'none';
  const names = new Map(rules.map((r) => [r.id, r.name]));
  return placement.rules.map((id) => names.get(id) || id).join(', ');
}

/** The placement the form describes, as PUT takes it. */
function readForm(form) {
  const f = form.elements;
  const maxPerCategory = numberOf(f.maxPerCategory);
  const mmr = Number(f.mmr.value);
  const diversity = {};
  if (maxPerCategory !== undefined) diversity.maxPerCategory = maxPerCategory;
  if (mmr > 0) diversity.mmr = mmr;
  const chosen = [...form.querySelectorAll('.rule-checks input:checked')].map((input) => input.value);
  return {
    strategy: f.strategy.value,
    k: numberOf(f.k),
    rules: f.allRules.checked ? undefined : chosen,
    diversity: Object.keys(diversity).length ? diversity : undefined,
    description: f.description.value.trim() || undefined,
  };
}

export function startPlacementsPanel(ctx) {
  const form = $('placement-form');
  let editing = null;

  for (const select of document.querySelectorAll('select.strategy-choices')) {
    for (const s of STRATEGIES) select.appendChild(el('option', { value: s }, s));
  }

  function fillRuleChecks(chosen) {
    const box = form.querySelector('.rule-checks');
    box.replaceChildren();
    for (const rule of ctx.shared.rules) {
      const label = el('label', { class: 'check' });
      const input = label.appendChild(el('input', { type: 'checkbox', value: rule.id }));
      input.checked = Boolean(chosen && chosen.includes(rule.id));
      label.appendChild(document.createTextNode(' ' + rule.name + ' (' + rule.kind + ')'));
      box.appendChild(label);
    }
    if (!ctx.shared.rules.length) box.appendChild(el('span', { class: 'muted small' }, 'No rules yet.'));
  }

  function showRuleChoice() {
    const box = form.querySelector('.rule-checks');
    box.hidden = form.elements.allRules.checked;
  }

  function openForm(placement) {
    editing = placement.name;
    form.reset();
    clearIssues(form);
    const f = form.elements;
    const d = placement.diversity || {};
    $('placement-form-title').textContent = 'Placement ' + placement.name + (placement.builtIn ? ' (built in)' : '');
    f.strategy.value = placement.strategy;
    f.k.value = placement.k;
    f.maxPerCategory.value = d.maxPerCategory === undefined ? '' : d.maxPerCategory;
    f.mmr.value = d.mmr === undefined ? 0 : d.mmr;
    f.mmrValue.value = mmrText(f.mmr.value);
    f.description.value = placement.description || '';
    f.allRules.checked = !placement.rules;
    fillRuleChecks(placement.rules);
    showRuleChoice();
    form.hidden = false;
    f.strategy.focus();
  }

  function closeForm() {
    form.hidden = true;
    editing = null;
  }

  async function save(event) {
    event.preventDefault();
    const name = editing;
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      await api('/api/admin/placements/' + encodeURIComponent(name), { method: 'PUT', json: readForm(form) });
      ctx.say('Saved placement ' + name + '.');
      closeForm();
      await ctx.changed();
    } catch (err) {
      showIssues(form, err, 'Placement');
    } finally {
      button.disabled = false;
    }
  }

  function render(placements) {
    const body = $('placements-body');
    body.replaceChildren();
    for (const p of placements) {
      const row = el('tr', { 'data-placement': p.name });
      const name = row.appendChild(el('th', { scope: 'row' }, p.name));
      if (p.builtIn) name.appendChild(el('span', { class: 'muted small' }, ' built in'));
      row.appendChild(el('td', {}, p.strategy));
      row.appendChild(el('td', {}, String(p.k)));
      row.appendChild(el('td', {}, rulesText(p, ctx.shared.rules)));
      row.appendChild(el('td', {}, diversityText(p.diversity)));
      const actions = row.appendChild(el('td', { class: 'actions' }));
      const edit = actions.appendChild(el('button', { type: 'button', class: 'secondary', 'aria-label': 'Edit placement ' + p.name }, 'Edit'));
      edit.addEventListener('click', () => openForm(p));
      const preview = actions.appendChild(el('button', { type: 'button', class: 'secondary', 'aria-label': 'Preview placement ' + p.name }, 'Preview'));
      preview.addEventListener('click', () => ctx.preview(p.name));
      body.appendChild(row);
    }
  }

  form.elements.mmr.addEventListener('input', () => (form.elements.mmrValue.value = mmrText(form.elements.mmr.value)));
  form.elements.allRules.addEventListener('change', showRuleChoice);
  form.addEventListener('submit', save);
  form.querySelector('[data-action="cancel"]').addEventListener('click', closeForm);
  return { render };
}
