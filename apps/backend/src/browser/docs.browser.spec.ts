import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { startTestServer, type TestServer } from '../__fixtures__/test-server';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env['CI'] === 'true') {
  throw new Error(`${CHROMIUM} is missing: CI installs Debian's chromium (.ci/ensure-chromium.sh)`);
}
if (!haveChromium) console.warn(`docs browser test skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);
const describeWithBrowser = haveChromium ? describe : describe.skip;

describeWithBrowser('API docs (Swagger UI) in Chromium', () => {
  let server: TestServer;
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    server = await startTestServer();
    profile = mkdtempSync(path.join(tmpdir(), 'reco-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      viewport: { width: 1280, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(profile, { recursive: true, force: true });
    await server?.close();
  });

  it('authorizes once with a key and tries GET /api/tools from the page: 200 with the tools', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    const offServer: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
    // Everything the page loads comes from this server (no CDN, no validator badge).
    page.on('request', (req) => !req.url().startsWith(server.url) && !req.url().startsWith('data:') && offServer.push(req.url()));

    await page.goto(`${server.url}/docs`);
    await page.waitForSelector('#operations-tools-getTools');
    expect(await page.locator('.opblock').count()).toBeGreaterThan(50);

    await page.click('button.authorize');
    const apiKey = page.locator('.auth-container', { hasText: 'apiKey' });
    await apiKey.locator('input').fill(server.serviceKey);
    await apiKey.locator('button.authorize').click();
    await page.click('button.btn-done');

    await page.click('#operations-tools-getTools .opblock-summary');
    await page.click('#operations-tools-getTools button.try-out__btn');
    await page.click('#operations-tools-getTools button.execute');
    const status = page.locator('#operations-tools-getTools .live-responses-table tbody td.response-col_status').first();
    await status.waitFor();
    expect((await status.textContent())?.trim()).toBe('200');
    const body = await page.locator('#operations-tools-getTools .live-responses-table tbody td.response-col_description pre').first().textContent();
    expect(JSON.parse(body ?? '{}').tools.map((t: { name: string }) => t.name)).toContain('search_products');

    // The key stays in this tab only (sessionStorage, as the dashboard keeps it), never in localStorage
    // for good; a new visit in the tab keeps it, so a call without authorizing again answers 200.
    expect(await page.evaluate('JSON.stringify(Object.keys(localStorage))')).toBe('[]');
    expect(await page.evaluate("sessionStorage.getItem('reco.apiKey')")).toBeTruthy();
    await page.goto(`${server.url}/docs`);
    await page.waitForSelector('#operations-tools-getTools');
    await page.click('#operations-tools-getTools .opblock-summary');
    await page.click('#operations-tools-getTools button.try-out__btn');
    await page.click('#operations-tools-getTools button.execute');
    await status.waitFor();
    expect((await status.textContent())?.trim()).toBe('200');

    expect(offServer).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);
});
