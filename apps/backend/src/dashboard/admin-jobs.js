// The admin panel's jobs: a table of recent jobs (polled while one is queued or running and the
// panel can be seen), buttons that start a job of a kind, Cancel on active jobs, and the schedules.

import { $, api, apiKey, el, keyAdvice } from './dashboard-helpers.js';

const POLL_MS = 2000;
const LIST_LIMIT = 25;
/** How messages name the kinds the start buttons submit. */
const KIND_LABELS = { train: 'Training', segment: 'Segmentation', reindex: 'Search reindexing', precompute: 'Precompute' };
const COLUMNS = ['kind', 'status', 'progress', 'message', 'attempts', 'started', 'duration', 'actions'];

const isActive = (job) => job.status === 'queued' || job.status === 'running';
const kindLabel = (kind) => KIND_LABELS[kind] || kind;
const shortId = (id) => String(id).slice(0, 8);

function formatDuration(ms) {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return seconds + ' s';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return minutes + ' min ' + (seconds % 60) + ' s';
  return Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
}

const ms = (iso) => (iso ? Date.parse(iso) : NaN);

/** Finished: how long it ran. Running: for how long so far. Queued: how long it has waited. */
function durationText(job, now) {
  if (job.finishedAt) return formatDuration(ms(job.finishedAt) - ms(job.startedAt || job.createdAt));
  if (job.status === 'running' && job.startedAt) return formatDuration(now - ms(job.startedAt)) + ' so far';
  if (job.status === 'queued') return 'waiting ' + formatDuration(now - ms(job.createdAt));
  return '–';
}

/** A <time>: the clock time (jobs are recent), or with the date (a schedule's next run may be months off). */
function setTime(node, iso, withDate) {
  if (iso && !Number.isNaN(ms(iso))) {
    node.setAttribute('datetime', iso);
    node.textContent = withDate ? new Date(iso).toLocaleString() : new Date(iso).toLocaleTimeString();
  } else {
    node.removeAttribute('datetime');
    node.textContent = '–';
  }
}

export function startJobsPanel(panel) {
  const state = { timer: null, seq: 0, inView: true, active: false, keyHint: false };
  /** Each row's cells and controls, so a refresh updates rows in place (focus stays put). */
  const rowParts = new WeakMap();

  const say = (text, tone) => {
    $('jobs-status').textContent = text;
    $('jobs-status').className = 'admin-output small' + (tone ? ' ' + tone : '');
  };

  function createRow(job) {
    const row = el('tr', { 'data-job-id': job.id });
    const cells = {};
    for (const column of COLUMNS) {
      const attrs = { class: 'job-' + column };
      // The kind names the row for screen readers.
      cells[column] = row.appendChild(column === 'kind' ? el('th', Object.assign(attrs, { scope: 'row' })) : el('td', attrs));
    }
    cells.kind.textContent = job.kind;
    cells.kind.setAttribute('title', 'job ' + job.id);
    const parts = {
      cells,
      badge: cells.status.appendChild(el('span', { class: 'badge' })),
      bar: cells.progress.appendChild(el('progress', { max: '100', 'aria-label': job.kind + ' job ' + shortId(job.id) + ' progress' })),
      percent: cells.progress.appendChild(el('span', { class: 'percent' })),
      started: cells.started.appendChild(el('time')),
      cancel: cells.actions.appendChild(el('button', { type: 'button', class: 'cancel', 'aria-label': 'Cancel ' + job.kind + ' job ' + shortId(job.id) }, 'Cancel')),
    };
    parts.cancel.addEventListener('click', () => cancelJob(job, parts.cancel));
    rowParts.set(row, parts);
    return row;
  }

  function updateRow(row, job, now) {
    const { cells, badge, bar, percent, started, cancel } = rowParts.get(row);
    const progress = Math.round(Math.min(1, Math.max(0, Number(job.progress) || 0)) * 100);
    row.setAttribute('data-status', job.status);
    badge.className = 'badge status-' + job.status;
    badge.textContent = job.status;
    bar.value = progress;
    percent.textContent = progress + '%';
    cells.message.textContent = job.error ? job.error.code + ': ' + job.error.message : job.message;
    cells.attempts.textContent = String(job.attempts) + (job.attempts > 1 ? ' (retried)' : '');
    setTime(started, job.startedAt);
    cells.duration.textContent = durationText(job, now);
    cancel.hidden = !isActive(job);
  }

  /** Newest first, as listed; rows of jobs still listed are kept and updated. */
  function renderJobs(jobs) {
    const body = $('jobs-body');
    const existing = new Map([...body.rows].map((row) => [row.getAttribute('data-job-id'), row]));
    const now = Date.now();
    jobs.forEach((job, i) => {
      const row = existing.get(job.id) || createRow(job);
      existing.delete(job.id);
      updateRow(row, job, now);
      if (body.rows[i] !== row) body.insertBefore(row, body.rows[i] || null);
    });
    for (const row of existing.values()) row.remove();
    $('jobs-empty').hidden = jobs.length > 0;
  }

  function renderSchedules(items) {
    const body = $('schedules-body');
    body.replaceChildren();
    for (const s of items) {
      const row = el('tr');
      row.appendChild(el('th', { scope: 'row' }, s.name));
      row.appendChild(el('td', {}, s.kind));
      const cron = row.appendChild(el('td'));
      cron.appendChild(el('code', {}, s.cron));
      if (s.timezone) cron.appendChild(document.createTextNode(' ' + s.timezone));
      setTime(row.appendChild(el('td')).appendChild(el('time')), s.next, true);
      const last = row.appendChild(el('td'));
      if (s.lastTick) {
        last.appendChild(document.createTextNode(s.lastTick.outcome + ' '));
        setTime(last.appendChild(el('time')), s.lastTick.at, true);
      } else {
        last.textContent = '–';
      }
      body.appendChild(row);
    }
    $('schedules').hidden = items.length === 0;
  }

  const canPoll = () => Boolean(apiKey()) && !document.hidden && state.inView;

  function stop() {
    clearTimeout(state.timer);
    state.timer = null;
  }

  function schedule() {
    stop();
    if (state.active && canPoll()) state.timer = setTimeout(refreshJobs, POLL_MS);
  }

  async function refreshJobs() {
    stop();
    if (!apiKey()) return;
    // Only the newest refresh draws and schedules the next one: answers can arrive out of order.
    const seq = ++state.seq;
    try {
      const { items } = await api('/api/admin/jobs?limit=' + LIST_LIMIT);
      if (seq !== state.seq) return;
      if (state.keyHint) say('');
      state.keyHint = false;
      renderJobs(items);
      state.active = items.some(isActive);
    } catch (err) {
      if (seq !== state.seq) return;
      const denied = err.status === 401 || err.status === 403;
      // A passing failure keeps polling while jobs were active; a refused key stops it.
      if (denied) state.active = false;
      say(keyAdvice('Jobs', 'admin', err), 'bad');
    }
    schedule();
  }

  async function loadSchedules() {
    if (!apiKey()) return;
    try {
      const { items } = await api('/api/admin/schedules');
      renderSchedules(items || []);
    } catch {
      renderSchedules([]);
    }
  }

  async function startJob(kind, button) {
    button.disabled = true;
    try {
      const { job } = await api('/api/admin/jobs', { method: 'POST', json: { kind } });
      say(kindLabel(kind) + ' started (job ' + shortId(job.id) + ').');
    } catch (err) {
      if (err.status === 409) say(kindLabel(kind) + ' is already running.', 'warn');
      else say(kindLabel(kind) + ': ' + err.message, 'bad');
    } finally {
      button.disabled = false;
    }
    await refreshJobs();
  }

  async function cancelJob(job, button) {
    button.disabled = true;
    try {
      await api('/api/admin/jobs/' + encodeURIComponent(job.id) + '/cancel', { method: 'POST' });
      say('Cancelling ' + job.kind + ' job ' + shortId(job.id) + '.');
    } catch (err) {
      say('Cancel: ' + err.message, 'bad');
      button.disabled = false;
    }
    await refreshJobs();
  }

  function open() {
    refreshJobs();
    loadSchedules();
  }

  for (const button of panel.querySelectorAll('button[data-kind]')) {
    button.addEventListener('click', () => startJob(button.getAttribute('data-kind'), button));
  }
  document.addEventListener('visibilitychange', () => (document.hidden ? stop() : open()));
  if ('IntersectionObserver' in window) {
    new IntersectionObserver((entries) => {
      const visible = entries.some((e) => e.isIntersecting);
      if (visible === state.inView) return;
      state.inView = visible;
      if (visible) open();
      else stop();
    }).observe(panel);
  }
  /** Before a key is entered: which key the panel needs; the first read with a key clears it. */
  function needsKey() {
    $('jobs-empty').hidden = true;
    state.keyHint = true;
    say(keyAdvice('Jobs, cache and models', 'admin'), 'warn');
  }

  return { open, needsKey };
}
