// Experiments: the list with start/stop (the state), creating one with its arms (weight and what
// each changes: strategy, model version, rules, diversity), deleting, and the report (chart + table).

import { $, api, el } from './dashboard-helpers.js';
import { drawCtrChart, percent } from './merchandising-chart.js';
import { clearIssues, failureText, listOf, numberOf, showIssues } from './merchandising-api.js';
import { STRATEGIES } from './merchandising-placements.js';

const money = (n) => '£' + Number(n).toFixed(2);
const interval = (e, format) => format(e.value) + ' (' + format(e.low) + '–' + format(e.high) + ')';
const NEXT_STATE = { draft: ['running', 'Start'], running: ['stopped', 'Stop'], stopped: ['running', 'Restart'] };

function armRow(arm) {
  const row = el('tr', { class: 'arm-row' });
  const cell = (input) => row.appendChild(el('td')).appendChild(input);
  const name = cell(el('input', { name: 'armName', 'aria-label': 'Arm name', size: '10', required: '' }));
  name.value = arm.name;
  const weight = cell(el('input', { name: 'armWeight', type: 'number', min: '0', step: 'any', 'aria-label': 'Arm weight', size: '4' }));
  weight.value = arm.weight;
  const strategy = cell(el('select', { name: 'armStrategy', 'aria-label': 'Arm strategy' }));
  strategy.appendChild(el('option', { value: '' }, "placement's"));
  for (const s of STRATEGIES) strategy.appendChild(el('option', { value: s }, s));
  strategy.value = arm.strategy || '';
  cell(el('input', { name: 'armModel', 'aria-label': 'Arm model version', size: '8', placeholder: 'active' }));
  cell(el('input', { name: 'armRules', 'aria-label': 'Arm rule ids', size: '12', placeholder: "placement's" }));
  cell(el('input', { name: 'armMaxPerCategory', type: 'number', min: '1', step: '1', 'aria-label': 'Arm max per category', size: '3' }));
  cell(el('input', { name: 'armMmr', type: 'number', min: '0', max: '1', step: '0.05', 'aria-label': 'Arm MMR', size: '3' }));
  const remove = cell(el('button', { type: 'button', class: 'secondary', 'aria-label': 'Remove arm' }, '×'));
  remove.addEventListener('click', () => row.remove());
  return row;
}

function readArm(row) {
  const value = (name) => row.querySelector('[name="' + name + '"]');
  const config = {};
  if (value('armStrategy').value) config.strategy = value('armStrategy').value;
  if (value('armModel').value.trim()) config.modelVersion = value('armModel').value.trim();
  const rules = listOf(value('armRules').value);
  if (rules) config.rules = rules;
  const diversity = {};
  const maxPerCategory = numberOf(value('armMaxPerCategory'));
  const mmr = numberOf(value('armMmr'));
  if (maxPerCategory !== undefined) diversity.maxPerCategory = maxPerCategory;
  if (mmr !== undefined) diversity.mmr = mmr;
  if (Object.keys(diversity).length) config.diversity = diversity;
  return { name: value('armName').value.trim(), weight: numberOf(value('armWeight')), config };
}

function readForm(form) {
  const f = form.elements;
  return {
    name: f.name.value.trim(),
    placement: f.placement.value || undefined,
    state: 'draft',
    arms: [...form.querySelectorAll('.arm-row')].map(readArm),
    purchaseWindowHours: numberOf(f.purchaseWindowHours),
  };
}

/** The fields PUT takes (the stored experiment also has its id and who changed it when). */
const INPUT_FIELDS = ['name', 'placement', 'state', 'arms', 'control', 'purchaseWindowHours', 'minimumDetectableLift'];

/** The experiment as PUT takes it, with `changes` applied. */
function asInput(experiment, changes) {
  const input = {};
  for (const field of INPUT_FIELDS) if (experiment[field] !== undefined) input[field] = experiment[field];
  return Object.assign(input, changes);
}

/** The CTR's lift over the control; none while the control has no click (the API's null). */
function liftText(vsControl) {
  if (!vsControl || vsControl.lift === null || vsControl.lift === undefined) return '–';
  return (vsControl.lift >= 0 ? '+' : '') + percent(vsControl.lift, 1);
}

function armsText(experiment) {
  return experiment.arms.map((a) => a.name + ' (' + a.weight + ')').join(', ');
}

export function startExperimentsPanel(ctx) {
  const form = $('experiment-form');
  let reportFor = null;
  let reportSeq = 0;

  function openForm() {
    form.reset();
    clearIssues(form);
    const body = form.querySelector('.arms-body');
    body.replaceChildren(armRow({ name: 'control', weight: 1, strategy: 'popular' }), armRow({ name: 'model', weight: 1 }));
    form.hidden = false;
    form.elements.name.focus();
  }

  async function create(event) {
    event.preventDefault();
    const input = readForm(form);
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const created = await api('/api/admin/experiments', { method: 'POST', json: input });
      ctx.say('Created experiment ' + input.name + ' (draft).');
      form.hidden = true;
      await ctx.changed();
      const experiment = created && (created.experiment || created);
      if (experiment && experiment.id) await showReport(experiment);
    } catch (err) {
      showIssues(form, err, 'Experiment');
    } finally {
      button.disabled = false;
    }
  }

  async function setState(experiment, state, button) {
    button.disabled = true;
    try {
      await api('/api/admin/experiments/' + encodeURIComponent(experiment.id), { method: 'PUT', json: asInput(experiment, { state }) });
      ctx.say('Experiment ' + experiment.name + ' is ' + state + '.');
      await ctx.changed();
    } catch (err) {
      ctx.say(failureText('Experiment ' + experiment.name, err), 'bad');
      button.disabled = false;
    }
  }

  async function remove(experiment, button) {
    if (!window.confirm('Delete experiment ' + experiment.name + '?')) return;
    button.disabled = true;
    try {
      await api('/api/admin/experiments/' + encodeURIComponent(experiment.id), { method: 'DELETE' });
      ctx.say('Deleted experiment ' + experiment.name + '.');
      if (reportFor === experiment.id) $('experiment-report').hidden = true;
      await ctx.changed();
    } catch (err) {
      ctx.say(failureText('Delete experiment', err), 'bad');
      button.disabled = false;
    }
  }

  // Older reports have no cart or purchase rates: a dash.
  const rateCell = (estimate) => (estimate ? interval(estimate, (r) => percent(r, 2)) : '–');

  function renderReport(report) {
    const control = report.experiment.control;
    $('report-title').textContent = 'Report: ' + report.experiment.name + ' (' + report.experiment.state + '; control arm: ' + control + ')';
    drawCtrChart($('report-chart'), report.arms);
    const table = $('report-table');
    table.replaceChildren();
    const heads = ['Arm', 'Exposures', 'Shoppers', 'Clicks', 'CTR (95%)', 'Carts', 'Cart rate (95%)', 'Purchases', 'Purchase rate (95%)', 'Revenue / shopper (95%)', 'Lift', 'p-value'];
    const head = table.appendChild(el('thead')).appendChild(el('tr'));
    for (const h of heads) head.appendChild(el('th', { scope: 'col' }, h));
    const body = table.appendChild(el('tbody'));
    for (const arm of report.arms) {
      const row = body.appendChild(el('tr', { 'data-arm': arm.name }));
      row.appendChild(el('th', { scope: 'row' }, arm.name + (arm.name === control ? ' (control)' : '')));
      const vs = arm.vsControl;
      const cells = [
        arm.exposures, arm.shoppers, arm.clicks, interval(arm.ctr, (r) => percent(r, 2)),
        arm.carts, rateCell(arm.cartRate), arm.purchases, rateCell(arm.purchaseRate),
        interval(arm.revenuePerShopper, money), liftText(vs), vs ? vs.pValue.toFixed(3) : '–',
      ];
      for (const c of cells) row.appendChild(el('td', {}, String(c)));
    }
    const planned = report.plannedExposuresPerArm;
    const lift = percent(report.minimumDetectableLift, 0);
    const floor = report.minimumClickedListsPerArm;
    $('report-verdict').textContent = report.enoughData
      ? 'Enough data: yes, each arm has the lists a 95%/90% test needs to detect a ' + lift + ' CTR change, and ' + floor + ' clicked lists.'
      : 'Enough data: not yet, keep it running' +
        (planned
          ? ' (about ' + planned + ' exposures and ' + floor + ' clicked lists per arm to detect a ' + lift + ' CTR change).'
          : ' (the control needs a clicked list before a sample can be planned).');
    $('report-verdict').className = 'small ' + (report.enoughData ? 'good' : 'warn');
  }

  async function showReport(experiment) {
    reportFor = experiment.id;
    const box = $('experiment-report');
    box.hidden = false;
    box.setAttribute('aria-busy', 'true');
    $('report-title').textContent = 'Report: ' + experiment.name + ' (loading…)';
    // Only the newest request draws: answers can arrive out of order.
    const mine = ++reportSeq;
    try {
      const report = await api('/api/admin/experiments/' + encodeURIComponent(experiment.id) + '/report');
      if (mine === reportSeq) renderReport(report);
    } catch (err) {
      if (mine !== reportSeq) return;
      $('report-chart').replaceChildren();
      $('report-table').replaceChildren();
      $('report-verdict').textContent = failureText('Report of ' + experiment.name, err);
      $('report-verdict').className = 'small bad';
    } finally {
      if (mine === reportSeq) box.removeAttribute('aria-busy');
    }
  }

  function render(experiments) {
    const body = $('experiments-body');
    body.replaceChildren();
    for (const experiment of experiments) {
      const row = el('tr', { 'data-experiment-id': experiment.id, 'data-experiment-name': experiment.name });
      row.appendChild(el('th', { scope: 'row' }, experiment.name));
      row.appendChild(el('td', {}, experiment.placement || 'all'));
      row.appendChild(el('td')).appendChild(el('span', { class: 'badge state-' + experiment.state }, experiment.state));
      row.appendChild(el('td', {}, armsText(experiment)));
      const actions = row.appendChild(el('td', { class: 'actions' }));
      const [next, label] = NEXT_STATE[experiment.state] || NEXT_STATE.draft;
      const toggle = actions.appendChild(el('button', { type: 'button', 'aria-label': label + ' experiment ' + experiment.name }, label));
      toggle.addEventListener('click', () => setState(experiment, next, toggle));
      const report = actions.appendChild(el('button', { type: 'button', class: 'secondary', 'aria-label': 'Report of experiment ' + experiment.name }, 'Report'));
      report.addEventListener('click', () => showReport(experiment));
      const del = actions.appendChild(el('button', { type: 'button', class: 'danger', 'aria-label': 'Delete experiment ' + experiment.name }, 'Delete'));
      del.addEventListener('click', () => remove(experiment, del));
      body.appendChild(row);
    }
    $('experiments-empty').hidden = experiments.length > 0;
    const shown = experiments.find((e) => e.id === reportFor);
    if (shown) showReport(shown);
  }

  $('experiment-new').addEventListener('click', openForm);
  form.addEventListener('submit', create);
  form.querySelector('[data-action="add-arm"]').addEventListener('click', () => {
    const body = form.querySelector('.arms-body');
    body.appendChild(armRow({ name: 'arm-' + (body.rows.length + 1), weight: 1 }));
  });
  form.querySelector('[data-action="cancel"]').addEventListener('click', () => (form.hidden = true));
  return { render };
}
