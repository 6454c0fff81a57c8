// What the Merchandising page's parts share: showing the fields a 400 refused (the `issues` of
// dashboard-helpers' api() errors) next to a form's inputs, and reading the form's lists.

import { el } from './dashboard-helpers.js';

/** A list answer's items, whether the route answers `{ items }` or a bare array. */
export const itemsOf = (answer) => (Array.isArray(answer) ? answer : (answer && answer.items) || []);

/** The message for a failed call: a refused key says which key the page needs. */
export function failureText(what, err) {
  if (err.status === 401 || err.status === 403) return what + ': this needs a staff key (admin or service).';
  if (err.status === 404 && /^No route for /.test(err.message)) return what + ': this server has no merchandising API.';
  return what + ': ' + err.message;
}

/** Clears a form's field errors and its error box. */
export function clearIssues(form) {
  for (const span of form.querySelectorAll('.field-error')) span.textContent = '';
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  form.querySelector('.form-errors').replaceChildren();
}

/**
 * Shows a failed save: each refused field beside its input (the nearest named span: `match.tags`,
 * else `match`), the rest and the message in the form's error box.
 */
export function showIssues(form, err, what) {
  clearIssues(form);
  const box = form.querySelector('.form-errors');
  box.appendChild(el('div', {}, failureText(what, err)));
  for (const issue of err.issues || []) {
    const field = String(issue.field || '').replace(/^body\./, '');
    const parts = field.split('.');
    let span = null;
    while (parts.length && !span) {
      span = form.querySelector('[data-error-for="' + CSS.escape(parts.join('.')) + '"]');
      if (!span) parts.pop();
    }
    if (span) {
      // A field under the one the span names (arms.1.weight under arms) says which.
      const under = field.slice(parts.join('.').length + 1);
      const text = (under ? under + ': ' : '') + issue.message;
      span.textContent = (span.textContent ? span.textContent + '; ' : '') + text;
      const input = span.previousElementSibling && span.previousElementSibling.querySelector('input, select');
      if (input) input.setAttribute('aria-invalid', 'true');
    } else {
      box.appendChild(el('div', {}, (issue.field ? issue.field + ': ' : '') + issue.message));
    }
  }
}

/** "a, b ,c" → ['a', 'b', 'c'] (empty parts dropped); undefined when nothing is left. */
export function listOf(text, separator) {
  const items = String(text || '').split(separator || ',').map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

/** A number input's value, or undefined when empty. */
export function numberOf(input) {
  return input.value.trim() === '' ? undefined : Number(input.value);
}

/** An ISO instant as a datetime-local value (local time, minutes). */
export function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes());
}

/** A datetime-local value as an ISO instant, or undefined when empty. */
export function fromLocalInput(value) {
  return value ? new Date(value).toISOString() : undefined;
}

/** Fills every `select.placement-choices` under `root` with the placements, keeping each one's choice. */
export function fillPlacementChoices(root, placements) {
  for (const select of root.querySelectorAll('select.placement-choices')) {
    const chosen = select.value;
    const keep = [...select.options].filter((o) => o.value === '');
    select.replaceChildren(...keep);
    for (const p of placements) select.appendChild(el('option', { value: p.name }, p.name + ' (' + p.strategy + ')'));
    if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;
  }
}
