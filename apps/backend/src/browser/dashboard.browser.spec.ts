import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { JobContext } from '@reco/jobs';
import { json, startTestServer, type TestServer } from '../__fixtures__/test-server';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = path.resolve(__dirname, '../../../../tmp/dashboard.png');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env['CI'] === 'true') {
  throw new Error(`${CHROMIUM} is missing: CI installs Debian's chromium (.ci/ensure-chromium.sh)`);
}
if (!haveChromium) console.warn(`dashboard browser test skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);
const describeWithBrowser = haveChromium ? describe : describe.skip;

/** Stays running at 40% until cancelled: long enough to be seen, refused a second time, and cancelled. */
async function segmentUntilCancelled(_data: unknown, { signal, report }: JobContext): Promise<never> {
  report(0.4, 'scoring customers');
  return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
}

async function reindexAtOnce(_data: unknown, { report }: JobContext): Promise<{ documents: number }> {
  report(0.5, 'indexing products');
  return { documents: 3 };
}

async function openWithAdminKey(page: Page, server: TestServer): Promise<void> {
  await page.goto(server.url);
  await page.fill('#key-input', server.adminKey);
  await page.click('#key-save');
  await page.waitForSelector('#key-status:has-text("key set")');
}

describeWithBrowser('dashboard in Chromium', () => {
  let server: TestServer;
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    server = await startTestServer({ database: true, toolDelayMs: 40, jobHandlers: { segment: segmentUntilCancelled, reindex: reindexAtOnce } });
    profile = mkdtempSync(path.join(tmpdir(), 'reco-chromium-'));
    // A fresh, empty profile per run (Playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      viewport: { width: 1360, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('chats with tool bars on a time axis, shows a customer\'s recommendations, and is screenshotted', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    await openWithAdminKey(page, server);

    // A customer's recommendations, as cards with reasons.
    await page.waitForSelector('#customer-select option:nth-child(3)', { state: 'attached' });
    const picked = await page.locator('#customer-select option:nth-child(3)').getAttribute('value');
    await page.selectOption('#customer-select', picked ?? '');
    await page.waitForSelector('.rec-card');
    expect(await page.locator('#customer-meta').textContent()).toContain(`Customer ${picked}`);
    expect(await page.locator('.rec-card').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('.rec-card .reason').first().textContent()).toMatch(/bought-with|similar-to|popular|model/);

    // Chat through the stream: the answer, and one bar per tool call on the time axis.
    await page.fill('#chat-input', 'a white lantern for the garden');
    await page.click('#chat-send');
    await page.waitForSelector('.msg.assistant');
    expect(await page.locator('.msg.assistant').first().textContent()).toMatch(/ideas/);
    const bars = page.locator('#tool-timeline rect.tool-bar');
    expect(await bars.count()).toBeGreaterThanOrEqual(2);
    const tools = await bars.evaluateAll((rects) => rects.map((r) => r.getAttribute('data-tool')));
    expect(tools).toEqual(expect.arrayContaining(['search_products', 'get_popular_products', 'get_recommendations']));
    // A turn of tens of ms: each axis label distinct, in milliseconds (never "0 0 1 1").
    const ticks = await page.locator('#tool-timeline text.tick').allTextContents();
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.every((t) => /^\d+(\.\d+)? ms$/.test(t))).toBe(true);
    expect(new Set(ticks).size).toBe(ticks.length);
    // The products as cards, each with the reason it was picked in words, not as a code.
    const reasons = await page.locator('.msg.assistant .chat-card .reason').allTextContents();
    expect(reasons.length).toBeGreaterThanOrEqual(3);
    for (const reason of reasons) expect(reason).toMatch(/^(Matches|Often bought with|Similar to|A best-seller|Suits|Bought before|New in|Selling fast)/);

    // Segments chart and live metrics fill in.
    await page.waitForSelector('#segment-chart rect.bar');
    await page.waitForFunction("document.getElementById('m-p95').textContent !== '–'");

    // Admin: the models table (an empty model registry answers an empty list).
    await page.click('#admin-models');
    await page.waitForSelector('#admin-output:has-text("versions of recommender")');

    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(errors).toEqual([]);
  }, 60_000);

  it('starts jobs from the admin panel, shows their status and progress, refuses a second one of a kind, and cancels one', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    // The refused second start is a 409 the page shows as a message; Chromium also logs it.
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !/status of 409/.test(msg.text())) errors.push(msg.text());
    });
    const listCalls: string[] = [];
    page.on('request', (req) => {
      if (new URL(req.url()).pathname === '/api/admin/jobs' && req.method() === 'GET') listCalls.push(req.url());
    });
    // Only on 29 February: it never ticks during the test.
    await server.jobs.schedule('leap-day-train', { cron: '0 3 29 2 *', kind: 'train' });
    await openWithAdminKey(page, server);
    await page.waitForSelector('#schedules:not([hidden]) #schedules-body th:text-is("leap-day-train")');
    expect(await page.locator('#schedules-body tr td').allTextContents()).toEqual(['train', '0 3 29 2 * UTC', expect.stringMatching(/\S/), '–']);
    expect(await page.locator('#schedules-body time').getAttribute('datetime')).toMatch(/-02-29T03:00:00/);
    await server.jobs.unschedule('leap-day-train');
    const rows = page.locator('#jobs-body tr');
    const segmentRow = rows.filter({ has: page.locator('th', { hasText: /^segment$/ }) });

    // A long job: running, with its progress bar, percent and message.
    await page.getByRole('button', { name: 'Segment customers' }).click();
    await page.waitForSelector('#jobs-status:has-text("Segmentation started")');
    await page.waitForSelector('#jobs-body tr[data-status="running"] th:text-is("segment")');
    expect(await segmentRow.count()).toBe(1);
    expect(await segmentRow.locator('.badge').textContent()).toBe('running');
    expect(await segmentRow.locator('progress').getAttribute('value')).toBe('40');
    expect(await segmentRow.locator('.percent').textContent()).toBe('40%');
    expect(await segmentRow.locator('.job-message').textContent()).toBe('scoring customers');
    expect(await segmentRow.locator('.job-attempts').textContent()).toBe('1');
    expect(await segmentRow.locator('.job-duration').textContent()).toMatch(/so far$/);

    // A second one of the kind is refused (409), said in words; the table still holds one.
    await page.getByRole('button', { name: 'Segment customers' }).click();
    await page.waitForSelector('#jobs-status:has-text("Segmentation is already running.")');
    expect(await segmentRow.count()).toBe(1);

    // A short job of another kind runs beside it to the end.
    await page.getByRole('button', { name: 'Reindex search' }).click();
    await page.waitForSelector('#jobs-body tr[data-status="succeeded"] th:text-is("reindex")');
    const reindexRow = rows.filter({ has: page.locator('th', { hasText: /^reindex$/ }) });
    expect(await reindexRow.locator('.percent').textContent()).toBe('100%');
    expect(await reindexRow.getByRole('button', { name: /^Cancel/ }).isVisible()).toBe(false);
    expect(await rows.locator('th').allTextContents()).toEqual(['reindex', 'segment']);

    // Cancel the running one: it ends cancelled and loses its Cancel button.
    await segmentRow.getByRole('button', { name: /^Cancel segment job/ }).click();
    await page.waitForSelector('#jobs-body tr[data-status="cancelled"] th:text-is("segment")');
    expect(await segmentRow.locator('.badge').textContent()).toBe('cancelled');
    expect(await segmentRow.getByRole('button', { name: /^Cancel/ }).isVisible()).toBe(false);
    const { items } = await json(await server.call('/api/admin/jobs?limit=5', { as: server.adminKey }));
    expect(items.find((j: { kind: string }) => j.kind === 'segment').status).toBe('cancelled');

    // Nothing is active any more: the table stops polling (it polls every 2 s while a job is).
    const callsWhenIdle = listCalls.length;
    await page.waitForTimeout(4_500);
    expect(listCalls.length).toBe(callsWhenIdle);
    expect(errors).toEqual([]);
  }, 60_000);
});
