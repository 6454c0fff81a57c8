import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { DependencyContainer } from 'tsyringe';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { AGENT_TOKENS, type CreateHybridAgent } from '@reco/agent';
import type { ToolRegistry } from '@reco/base-tools';
import { createContainer, disposeContainer, loadConfig, RUNTIME_TOKENS } from '@reco/runtime';
import { SEARCH_TOKENS, type SearchIndex } from '@reco/search-tools';
import { startTestServer, type TestServer } from '../__fixtures__/test-server';
import type { AgentFactory } from '../services/app-services';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.resolve(__dirname, '../../../../tmp');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env['CI'] === 'true') {
  throw new Error(`${CHROMIUM} is missing: CI installs Debian's chromium (.ci/ensure-chromium.sh)`);
}
if (!haveChromium) console.warn(`dashboard assistant browser test skipped: ${CHROMIUM} is not installed (bash .ci/ensure-chromium.sh)`);
const describeWithBrowser = haveChromium ? describe : describe.skip;

const PHONE = { width: 390, height: 844 };
const COMPOUND = 'red lanterns under £5, and what should I buy next?';

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    // The no-key checks provoke 401s on purpose; Chromium logs them.
    if (msg.type() === 'error' && !/status of 401/.test(msg.text())) errors.push(msg.text());
  });
  return errors;
}

async function useKey(page: Page, key: string): Promise<void> {
  await page.fill('#key-input', key);
  await page.click('#key-save');
  await page.waitForSelector('#key-status:has-text("key set")');
}

// Run in the page (the specs compile without the DOM's types, so these are strings).
/** How far the page is wider than the viewport (0: no horizontal scrolling). */
const OVERFLOW = 'Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth';
/** Elements sticking out past the right edge, to name in a failure. */
const WIDEST = `[...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 && e.getClientRects().length > 0)
  .slice(0, 12)
  .map((e) => e.tagName.toLowerCase() + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')`;

async function expectNoOverflow(page: Page, where: string): Promise<void> {
  const extra = Number(await page.evaluate(OVERFLOW));
  if (extra > 0) throw new Error(`${where}: ${extra}px wider than the screen: ${((await page.evaluate(WIDEST)) as string[]).join(', ')}`);
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
}

/**
 * The dashboard over the real assistant: the runtime's container (rule planner, search over the
 * sample catalogue, the recommender's popularity fallback) on the test server's sample database.
 */
describeWithBrowser('dashboard assistant and phone layout in Chromium', () => {
  let server: TestServer;
  let container: DependencyContainer | undefined;
  let createAgent: CreateHybridAgent | undefined;
  let dataDir: string;
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    server = await startTestServer({ database: true, services: { agentFactory: async () => createAgent as AgentFactory | undefined } });
    dataDir = mkdtempSync(path.join(tmpdir(), 'reco-assistant-'));
    const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: server.db?.url ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    container = createContainer(config, { logger: pino({ level: 'silent' }) });
    createAgent = container.resolve<CreateHybridAgent>(AGENT_TOKENS.HybridAgentFactory);
    // Built before the chat: the first search would otherwise wait for the build and could
    // outlast the assistant's tool timeout on a busy machine.
    await container.resolve<SearchIndex>(SEARCH_TOKENS.Index).reindex();
    // The Merchandising page's preview serves placements through the runtime's real tool.
    const placements = container.resolve<ToolRegistry>(RUNTIME_TOKENS.ToolRegistry).get('get_placement_recommendations');
    if (!placements) throw new Error('the runtime registered no get_placement_recommendations tool');
    server.registry.register(placements);
    profile = mkdtempSync(path.join(tmpdir(), 'reco-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      viewport: PHONE,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (container) await disposeContainer(container);
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('says in every panel which key to enter where, before one is entered', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url);
    const advice = /enter (a service or admin key|an admin key) .*in the API key box at the top/i;
    await page.waitForSelector('#chat-log .hint');
    for (const panel of ['#chat-log', '#customer-meta', '#segment-status', '#metrics-status', '#jobs-status']) {
      expect(await page.locator(panel).textContent()).toMatch(advice);
    }
    expect(await page.locator('#jobs-status').textContent()).toMatch(/admin key/);
    // No empty boxes: the segment chart waits hidden, the jobs table says nothing is empty.
    expect(await page.locator('#segment-chart').isVisible()).toBe(false);
    expect(await page.locator('#jobs-empty').isVisible()).toBe(false);
    // Sending a message without a key says the same instead of failing.
    await page.fill('#chat-input', 'hello');
    await page.click('#chat-send');
    expect(await page.locator('#chat-log .msg.error').count()).toBe(0);
    expect(await page.locator('#chat-log').textContent()).toMatch(advice);

    await page.goto(`${server.url}/#merchandising`);
    await page.waitForSelector('#merch-status:has-text("staff key")');
    expect(await page.locator('#merch-status').textContent()).toMatch(/enter it above/);
    await expectNoOverflow(page, 'merchandising without a key');
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows a compound message\'s products as cards in groups, each with its reason in words, on a phone', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url);
    await useKey(page, server.adminKey);
    await page.fill('#chat-input', COMPOUND);
    await page.click('#chat-send');
    await page.waitForSelector('.msg.assistant', { timeout: 30_000 });

    // The structure, not the wording: a search group and a suggestions group, each with cards.
    const groups = page.locator('.msg.assistant .chat-group');
    const keys = await groups.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-group')));
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(keys).toContain('search');
    expect(keys.some((k) => k === 'popular' || k === 'personal')).toBe(true);
    for (const group of await groups.all()) {
      expect(await group.locator('.chat-group-title').textContent()).toMatch(/\S/);
      const cards = group.locator('.chat-card');
      expect(await cards.count()).toBeGreaterThanOrEqual(1);
      for (const card of await cards.all()) {
        expect(await card.getAttribute('data-product')).toMatch(/\S/);
        expect(await card.locator('.title').textContent()).toMatch(/[a-z]/i);
        expect(await card.locator('.price').textContent()).toMatch(/^£\d+\.\d\d( · usually £\d+\.\d\d)?$/);
        // A reason in words, never the machine code (`bought-with:71053`, `search`).
        const reason = (await card.locator('.reason').textContent()) ?? '';
        expect(reason).toMatch(/^[A-Z]/);
        expect(reason).not.toMatch(/^[a-z-]+(:|$)/);
      }
    }
    expect(await page.locator('.chat-group[data-group="search"] .chat-card .reason').first().textContent()).toMatch(/^Matches/);

    // The tool timeline: distinct labels in milliseconds, increasing.
    await page.waitForSelector('#tool-timeline rect.tool-bar');
    const ticks = await page.locator('#tool-timeline text.tick').allTextContents();
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    for (const tick of ticks) expect(tick).toMatch(/^\d+(\.\d+)? ms$/);
    expect(new Set(ticks).size).toBe(ticks.length);
    const values = ticks.map((t) => parseFloat(t));
    expect(values).toEqual([...values].sort((a, b) => a - b));
    await expectNoOverflow(page, 'overview after a compound message');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-phone-chat.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);

  it('keeps the chosen customer in the picker, shows one price with the usual one explained, and fits 390 px on every page', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url);
    await useKey(page, server.adminKey);
    await expectNoOverflow(page, 'overview');

    // Picked from the list: the picker shows it, and the chat speaks as them.
    await page.waitForSelector('#customer-select option:nth-child(3)', { state: 'attached' });
    const picked = (await page.locator('#customer-select option:nth-child(3)').getAttribute('value')) ?? '';
    await page.selectOption('#customer-select', picked);
    await page.waitForSelector('.rec-card');
    expect(await page.locator('#customer-select').inputValue()).toBe(picked);
    expect(await page.locator('#chat-as').textContent()).toBe(picked);
    // Typed in: the picker shows the typed customer, not the one picked before.
    const typed = (await page.locator('#customer-select option:nth-child(5)').getAttribute('value')) ?? '';
    await page.fill('#customer-id', typed);
    await page.click('#customer-show');
    await page.waitForSelector(`#customer-meta:has-text("Customer ${typed}:")`);
    expect(await page.locator('#customer-select').inputValue()).toBe(typed);
    expect(await page.locator('#customer-select option:checked').textContent()).toContain(typed);
    await expectNoOverflow(page, 'overview with recommendations');

    // Prices: one price; where the usual price differs it follows in words, with a tooltip.
    const prices = await page.locator('.rec-card .price').evaluateAll((ps) => ps.map((p) => ({ text: p.textContent ?? '', title: p.getAttribute('title') })));
    expect(prices.length).toBeGreaterThan(0);
    for (const { text, title } of prices) {
      expect(text).toMatch(/^£\d+\.\d\d( · usually £\d+\.\d\d)?$/);
      if (text.includes('usually')) expect(title).toMatch(/^Now £\d+\.\d\d\. Usually £\d+\.\d\d: the price it sold at most often\.$/);
      else expect(title).toBeNull();
    }

    await page.click('#nav-merchandising');
    await page.waitForSelector('#placements-body tr[data-placement="home"]');
    await expectNoOverflow(page, 'merchandising');
    await page.click('#rule-new');
    await page.waitForSelector('#rule-form:not([hidden])');
    await expectNoOverflow(page, 'merchandising with the rule form open');
    await page.click('#experiment-new');
    await page.waitForSelector('#experiment-form:not([hidden])');
    await expectNoOverflow(page, 'merchandising with the experiment form open');
    await page.selectOption('#preview-form select[name="placement"]', 'home');
    await page.fill('#preview-form input[name="userId"]', picked);
    await page.click('#preview-form button[type="submit"]');
    await page.waitForSelector('#preview-items .preview-item');
    await expectNoOverflow(page, 'merchandising with a preview');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-phone-merchandising.png'), fullPage: true });

    await page.goto(`${server.url}/docs`);
    await page.waitForSelector('.opblock');
    await expectNoOverflow(page, 'API docs');
    expect(errors).toEqual([]);
  }, 90_000);
});
