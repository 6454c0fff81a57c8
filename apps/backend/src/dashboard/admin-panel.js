// The admin panel (admin key): jobs and schedules (admin-jobs.js), cache flush, model versions.

import { $, api, el, keyAdvice } from './dashboard-helpers.js';
import { startJobsPanel } from './admin-jobs.js';

function adminSay(text) {
  $('admin-output').textContent = text;
}

async function flushCache() {
  const namespaces = $('flush-namespaces').value.split(',').map((s) => s.trim()).filter(Boolean);
  try {
    const out = await api('/api/admin/cache/flush', { method: 'POST', json: { namespaces } });
    adminSay('Flushed: ' + out.flushed.join(', '));
  } catch (err) {
    adminSay(keyAdvice('Flush', 'admin', err));
  }
}

async function listModels() {
  const table = $('models-table');
  table.replaceChildren();
  try {
    const out = await api('/api/admin/models');
    adminSay(out.items.length + ' versions of ' + out.name);
    const head = el('tr');
    for (const h of ['id', 'version', 'created', 'active']) head.appendChild(el('th', { scope: 'col' }, h));
    head.appendChild(el('th', { scope: 'col' })).appendChild(el('span', { class: 'visually-hidden' }, 'actions'));
    table.appendChild(head);
    for (const v of out.items) {
      const row = el('tr');
      row.appendChild(el('td', {}, String(v.id)));
      row.appendChild(el('td', {}, v.version));
      row.appendChild(el('td', {}, v.createdAt.slice(0, 19).replace('T', ' ')));
      row.appendChild(el('td', {}, v.active ? 'yes' : ''));
      const cell = el('td');
      if (!v.active) {
        const button = el('button', { type: 'button', 'aria-label': 'Activate version ' + v.version }, 'Activate');
        button.addEventListener('click', async () => {
          try {
            await api('/api/admin/models/' + v.id + '/activate?name=' + encodeURIComponent(v.name), { method: 'POST' });
            await listModels();
          } catch (err) {
            adminSay(keyAdvice('Activate', 'admin', err));
          }
        });
        cell.appendChild(button);
      }
      row.appendChild(cell);
      table.appendChild(row);
    }
  } catch (err) {
    adminSay(keyAdvice('Models', 'admin', err));
  }
}

/**
 * Wires the panel's controls; `open()` reads its jobs and schedules (call when a key is set),
 * `needsKey()` says which key the panel needs before one is entered.
 */
export function startAdminPanel() {
  $('admin-flush').addEventListener('click', flushCache);
  $('admin-models').addEventListener('click', listModels);
  return startJobsPanel($('admin-panel'));
}
