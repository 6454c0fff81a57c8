import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Database } from '@reco/data';
import { AsyncExecutor } from '@reco/executor';
import { LocalObjectStore } from '@reco/object-store';
import { createRecommendationServices, createRecommendationTools } from '@reco/recommendation-tools';
import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = path.resolve(__dirname, '../../../../tmp/merchandising.png');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env['CI'] === 'true') {
  throw new Error(`${CHROMIUM} is missing: CI installs Debian's chromium (.ci/ensure-chromium.sh)`);
}
if (!haveChromium) console.warn(`merchandising browser test skipped: ${CHROMIUM} is not installed (bash .ci/ensure-chromium.sh)`);
const describeWithBrowser = haveChromium ? describe : describe.skip;

/**
 * The real placement tool over the test server's sample database, as the runtime builds it (the
 * test server's other tools are stand-ins). Its merchandising store is its own, over the database
 * the admin routes write to; it compares the revision on every request (poll 0) where the
 * runtime's shares the admin's store, so the page's preview after a save shows the change as it
 * does in one process. Its exposure log writes where the report reads (`flush` writes what it holds now).
 */
function servePlacements(server: TestServer, db: Database): { flush(): Promise<void>; close(): Promise<void> } {
  const executor = new AsyncExecutor({ threads: 1, name: 'merchandising-browser-spec' });
  const objectsDir = mkdtempSync(path.join(tmpdir(), 'reco-models-'));
  const recommendations = createRecommendationServices(
    { database: { get: async () => db }, objectStore: new LocalObjectStore({ root: objectsDir }), executor, cache: server.cache },
    { merchandisingPollMs: 0, exposureLog: { flushMs: 200 } },
  );
  server.registry.register(...createRecommendationTools(recommendations).filter((tool) => tool.name === 'get_placement_recommendations'));
  return {
    flush: () => recommendations.exposures.flush(),
    async close() {
      await recommendations.exposures.close();
      await executor.close({ force: true });
      rmSync(objectsDir, { recursive: true, force: true });
    },
  };
}

/** The Merchandising page with the admin key, its lists read. */
async function openMerchandising(page: Page, server: TestServer): Promise<void> {
  await page.goto(`${server.url}/#merchandising`);
  await page.fill('#key-input', server.adminKey);
  await page.click('#key-save');
  await page.waitForSelector('#key-status:has-text("key set")');
  await page.waitForSelector('#placements-body tr[data-placement="home"]');
}

/** Errors the page raised or logged; the 400s a spec provokes on purpose are left out. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/status of 400/.test(msg.text())) errors.push(msg.text());
  });
  return errors;
}

const previewIds = (page: Page): Promise<string[]> =>
  page.locator('#preview-items .preview-item').evaluateAll((items) => items.map((li) => li.getAttribute('data-product') ?? ''));

/** Previews `placement` for `customer` and waits for its list (the page says "Loading" until it is drawn). */
async function preview(page: Page, placement: string, customer: string): Promise<string[]> {
  await page.selectOption('#preview-form select[name="placement"]', placement);
  await page.fill('#preview-form input[name="userId"]', customer);
  await page.click('#preview-form button[type="submit"]');
  await page.waitForSelector(`#preview-meta:has-text("Placement ${placement}:")`);
  return previewIds(page);
}

describeWithBrowser('dashboard Merchandising page in Chromium', () => {
  let server: TestServer;
  let browser: BrowserContext;
  let profile: string;
  let customer: string;
  let placements: ReturnType<typeof servePlacements> | undefined;

  beforeAll(async () => {
    server = await startTestServer({ database: true });
    if (!server.db) throw new Error('the test server was asked for its sample database');
    placements = servePlacements(server, server.db);
    const customers = await json(await server.call('/api/users?limit=5', { as: server.adminKey }));
    customer = customers.items[0].customerId;
    profile = mkdtempSync(path.join(tmpdir(), 'reco-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      viewport: { width: 1360, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await placements?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('previews the home placement, refuses a pin rule without its product beside the field, then pins and excludes products and shows both in the preview', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await openMerchandising(page, server);
    expect(await page.locator('#overview').isHidden()).toBe(true);

    const before = await preview(page, 'home', customer);
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(await page.locator('#preview-items .reason').first().textContent()).not.toMatch(/pinned:/);
    const pinned = before[before.length - 1] ?? '';

    // A pin rule must name its product: the API's refusal shows beside the product ids.
    await page.click('#rule-new');
    await page.fill('#rule-form input[name="name"]', 'spring-sale');
    await page.selectOption('#rule-form select[name="kind"]', 'pin');
    await page.fill('#rule-form input[name="position"]', '1');
    await page.click('#rule-form button[type="submit"]');
    await page.waitForSelector('#rule-form [data-error-for="match.productIds"]:not(:empty)');
    expect(await page.locator('#rule-form [data-error-for="match.productIds"]').textContent()).toMatch(/pin/);
    expect(await page.locator('#rules-body tr').count()).toBe(0);

    // With the product: saved, listed, and the preview (shown again) has it first, said by its reason.
    await page.fill('#rule-form input[name="productIds"]', pinned);
    await page.selectOption('#rule-form select[name="placement"]', 'home');
    await page.click('#rule-form button[type="submit"]');
    const ruleRow = page.locator('#rules-body tr[data-rule-name="spring-sale"]');
    await ruleRow.waitFor();
    expect(await ruleRow.locator('td').allTextContents()).toEqual(['pin at 1', 'home', `products ${pinned}`, 'always', 'yes', 'EditDelete']);
    await page.waitForSelector(`#preview-items .preview-item:first-child[data-product="${pinned}"] .reason:text-is("pinned:spring-sale")`);
    const pinnedList = await previewIds(page);
    expect(pinnedList.filter((id) => id === pinned)).toHaveLength(1);
    expect(pinnedList.length).toBe(before.length);

    // An exclude rule: the product it names leaves the list, which is filled to the same length.
    const excluded = pinnedList[1] ?? '';
    await page.click('#rule-new');
    await page.fill('#rule-form input[name="name"]', 'out-of-season');
    await page.selectOption('#rule-form select[name="kind"]', 'exclude');
    await page.fill('#rule-form input[name="productIds"]', excluded);
    await page.click('#rule-form button[type="submit"]');
    await page.locator('#rules-body tr[data-rule-name="out-of-season"]').waitFor();
    await page.locator(`#preview-items [data-product="${excluded}"]`).waitFor({ state: 'detached' });
    const afterExclude = await previewIds(page);
    expect(afterExclude[0]).toBe(pinned);
    expect(afterExclude).not.toContain(excluded);
    expect(afterExclude.length).toBe(before.length);

    // Stored through the API, as the page said.
    const rules = await json(await server.call('/api/admin/rules', { as: server.adminKey }));
    expect(rules.items.map((r: { name: string; kind: string }) => `${r.name}:${r.kind}`).sort()).toEqual(['out-of-season:exclude', 'spring-sale:pin']);
    expect(errors).toEqual([]);
  }, 60_000);

  it("creates an experiment on home, charts its report (each arm a bar with its interval), starts it, the preview says the shopper's arm and logs no exposure, a shopper's call does", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await openMerchandising(page, server);

    await page.click('#experiment-new');
    await page.fill('#experiment-form input[name="name"]', 'model-vs-popular');
    await page.selectOption('#experiment-form select[name="placement"]', 'home');
    await page.click('#experiment-form button[type="submit"]');
    const row = page.locator('#experiments-body tr[data-experiment-name="model-vs-popular"]');
    await row.waitFor();
    expect(await row.locator('.badge').textContent()).toBe('draft');

    // The new experiment's report: zeros, one bar and one interval per arm, and its table.
    await page.waitForSelector('#report-chart g.arm[data-arm="model"] rect.ctr-bar', { state: 'attached' });
    expect(await page.locator('#report-chart g.arm').evaluateAll((groups) => groups.map((g) => g.getAttribute('data-arm')))).toEqual(['control', 'model']);
    expect(await page.locator('#report-chart g.arm[data-arm="control"] line.ctr-interval').count()).toBe(3);
    expect(await page.locator('#report-chart g.arm[data-arm="control"] rect.ctr-bar').getAttribute('height')).toBe('0');
    expect(await page.locator('#report-table tbody tr[data-arm="control"] td').first().textContent()).toBe('0');
    expect(await page.locator('#report-verdict').textContent()).toMatch(/^Enough data: not yet/);

    // Started: the home list of a shopper now comes from one of its arms.
    await page.getByRole('button', { name: 'Start experiment model-vs-popular' }).click();
    await page.waitForSelector('#experiments-body tr[data-experiment-name="model-vs-popular"] .badge:text-is("running")');
    await preview(page, 'home', customer);
    expect(await page.locator('#preview-meta').textContent()).toMatch(/experiment model-vs-popular, arm (control|model)/);

    const arm = /arm (control|model)/.exec((await page.locator('#preview-meta').textContent()) ?? '')?.[1];

    // The report, read again by the page once the exposure log wrote what it holds.
    const reportedExposures = async (): Promise<Record<string, number>> => {
      await placements?.flush();
      await page.getByRole('button', { name: 'Report of experiment model-vs-popular' }).click();
      await page.waitForSelector('#experiment-report:not([aria-busy="true"]) #report-table tbody tr');
      return Object.fromEntries(
        await page.locator('#report-table tbody tr').evaluateAll((rows) => rows.map((tr) => [tr.getAttribute('data-arm') ?? '', Number(tr.querySelector('td')?.textContent)])),
      );
    };
    // A preview is staff looking, not a shopper: no exposure.
    expect(await reportedExposures()).toEqual({ control: 0, model: 0 });
    // The shopper's own page (no preview) is one exposure, of the arm the preview named.
    const shown = await json(await server.call(`/api/placements/home/recommendations?userId=${encodeURIComponent(customer)}`, { as: server.adminKey }));
    expect(shown.experiment.arm).toBe(arm);
    expect(await reportedExposures()).toEqual({ control: arm === 'control' ? 1 : 0, model: arm === 'model' ? 1 : 0 });

    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);

  it("edits the home placement's k and diversity (slider included), lists them, and the preview follows", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await openMerchandising(page, server);

    await page.getByRole('button', { name: 'Edit placement home' }).click();
    await page.fill('#placement-form input[name="k"]', '6');
    await page.fill('#placement-form input[name="maxPerCategory"]', '3');
    await page.locator('#placement-form input[name="mmr"]').fill('0.25');
    expect(await page.locator('#placement-form output[name="mmrValue"]').textContent()).toBe('0.25');
    await page.click('#placement-form button[type="submit"]');
    const row = page.locator('#placements-body tr[data-placement="home"]');
    await page.waitForSelector('#placements-body tr[data-placement="home"] td:text-is("6")');
    expect(await row.locator('td').allTextContents()).toEqual(['personal', '6', 'every matching rule', '≤ 3 per category, MMR 0.25', 'EditPreview']);
    expect(await json(await server.call('/api/admin/placements/home', { as: server.adminKey }))).toMatchObject({ k: 6, diversity: { maxPerCategory: 3, mmr: 0.25 } });

    expect(await preview(page, 'home', customer)).toHaveLength(6);
    expect(errors).toEqual([]);
  }, 60_000);
});
