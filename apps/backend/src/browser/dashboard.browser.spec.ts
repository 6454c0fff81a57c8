import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { startTestServer, type TestServer } from '../__fixtures__/test-server';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = path.resolve(__dirname, '../../../../tmp/dashboard.png');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env['CI'] === 'true') {
  throw new Error(`${CHROMIUM} is missing: CI installs Debian's chromium (.ci/ensure-chromium.sh)`);
}
if (!haveChromium) console.warn(`dashboard browser test skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);
const describeWithBrowser = haveChromium ? describe : describe.skip;

describeWithBrowser('dashboard in Chromium', () => {
  let server: TestServer;
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    server = await startTestServer({ database: true, toolDelayMs: 40 });
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
    await page.goto(server.url);
    await page.fill('#key-input', server.adminKey);
    await page.click('#key-save');
    await page.waitForSelector('#key-status:has-text("key set")');

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
});
