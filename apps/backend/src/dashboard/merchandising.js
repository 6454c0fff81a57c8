// The Merchandising page (#merchandising, a staff key: admin or service): rules, placements with
// a live preview, and experiments with their reports. It reads the admin API when it is shown;
// each part redraws from the lists read here, so a change in one part (a new rule) shows in all.

import { $, api, apiKey } from './dashboard-helpers.js';
import { failureText, fillPlacementChoices, itemsOf } from './merchandising-api.js';
import { startExperimentsPanel } from './merchandising-experiments.js';
import { startPlacementsPanel } from './merchandising-placements.js';
import { startPreview } from './merchandising-preview.js';
import { startRulesPanel } from './merchandising-rules.js';

const PAGE_HASH = '#merchandising';

export function startMerchandisingPage() {
  const page = $('merchandising');
  let seq = 0;
  let customersLoaded = false;

  const ctx = {
    shared: { rules: [], placements: [], experiments: [] },
    say(text, tone) {
      $('merch-status').textContent = text;
      $('merch-status').className = 'admin-output small' + (tone ? ' ' + tone : '');
    },
    changed: () => reload({ refreshPreview: true }),
    preview: (name) => preview.show(name),
  };
  const rules = startRulesPanel(ctx);
  const placements = startPlacementsPanel(ctx);
  const preview = startPreview(ctx);
  const experiments = startExperimentsPanel(ctx);

  /** Reads the three lists; a part whose list fails keeps its last one and the failure is said. */
  async function reload(options) {
    if (!apiKey()) {
      ctx.say('Merchandising needs a staff key (admin or service): enter it above.', 'warn');
      return;
    }
    // Only the newest reload draws: answers can arrive out of order.
    const mine = ++seq;
    const [ruleList, placementList, experimentList] = await Promise.allSettled([
      api('/api/admin/rules'),
      api('/api/admin/placements'),
      api('/api/admin/experiments'),
    ]);
    if (mine !== seq) return;
    const failures = [];
    const take = (settled, key, what) => {
      if (settled.status === 'fulfilled') ctx.shared[key] = itemsOf(settled.value);
      else failures.push(failureText(what, settled.reason));
    };
    take(ruleList, 'rules', 'Rules');
    take(placementList, 'placements', 'Placements');
    take(experimentList, 'experiments', 'Experiments');
    rules.render(ctx.shared.rules);
    placements.render(ctx.shared.placements);
    experiments.render(ctx.shared.experiments);
    fillPlacementChoices(page, ctx.shared.placements);
    preview.placementsChanged();
    if (failures.length) ctx.say(failures.join(' '), 'bad');
    if (options && options.refreshPreview) await preview.refreshIfShown();
  }

  function shown() {
    return location.hash === PAGE_HASH;
  }

  /** Shows this page or the overview, as the address says (and reads the page's lists, unless told not to). */
  function route(read) {
    const here = shown();
    page.hidden = !here;
    $('overview').hidden = here;
    for (const [link, current] of [[$('nav-merchandising'), here], [$('nav-overview'), !here]]) {
      if (current) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    if (here && read !== false) open();
  }

  function open() {
    if (!shown()) return;
    reload();
    if (apiKey() && !customersLoaded) preview.loadCustomers().then((loaded) => (customersLoaded = loaded));
  }

  window.addEventListener('hashchange', () => route());
  // The dashboard calls open() once it has a key; without one, say that it is needed.
  route(false);
  if (shown() && !apiKey()) reload();
  return { open };
}
