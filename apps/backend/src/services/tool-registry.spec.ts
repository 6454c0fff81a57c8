import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { DependencyContainer } from 'tsyringe';
import { describeTool, toMcpToolEntry, type AnyTool, type ToolAnnotations, type ToolRegistry } from '@reco/base-tools';
import { createContainer, disposeContainer, loadConfig, RUNTIME_TOKENS } from '@reco/runtime';
import { standInTools } from '../__fixtures__/stand-in-tools';

const SHOP_DATA_READ: ToolAnnotations = { readOnlyHint: true, idempotentHint: true, openWorldHint: false };

/** What each real tool declares, decided one by one (see each tool's file for why). */
const EXPECTED: Record<string, ToolAnnotations> = {
  search_products: SHOP_DATA_READ,
  get_product: SHOP_DATA_READ,
  get_products: SHOP_DATA_READ,
  list_categories: SHOP_DATA_READ,
  list_product_ids: SHOP_DATA_READ,
  get_recommendations: SHOP_DATA_READ,
  get_session_recommendations: SHOP_DATA_READ,
  get_placement_recommendations: SHOP_DATA_READ,
  get_similar_products: SHOP_DATA_READ,
  get_frequently_bought_together: SHOP_DATA_READ,
  get_popular_products: SHOP_DATA_READ,
  get_user_profile: SHOP_DATA_READ,
  get_purchase_history: SHOP_DATA_READ,
  get_user_segment: SHOP_DATA_READ,
  get_segment_summary: SHOP_DATA_READ,
  // Remembers its own conversation only; a turn continues the session; the configured LLM is outside the shop.
  ask_shopping_assistant: { readOnlyHint: true, idempotentHint: false, openWorldHint: true },
  // Each starts a job that upserts the shop's orders or adds a model version: writes, none deleting; a call starts another job.
  import_data: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  train_model: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
};

describe('the tool registry the backend serves (the composition root’s)', () => {
  let dataDir: string;
  let container: DependencyContainer;
  let tools: AnyTool[];

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'reco-tool-registry-'));
    container = createContainer(loadConfig({ DATA_DIR: dataDir }), { logger: pino({ level: 'silent' }) });
    tools = container.resolve<ToolRegistry>(RUNTIME_TOKENS.ToolRegistry).list();
  });
  afterAll(async () => {
    await disposeContainer(container);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives every tool a title of its own and annotations that say whether it is read-only', () => {
    expect(tools.length).toBeGreaterThanOrEqual(Object.keys(EXPECTED).length);
    for (const tool of tools) {
      expect({ tool: tool.name, title: tool.title, readOnlyHint: typeof tool.annotations?.readOnlyHint }).toEqual({
        tool: tool.name,
        title: expect.stringMatching(/^\S.{0,99}$/),
        readOnlyHint: 'boolean',
      });
    }
    const titles = tools.map((t) => t.title);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('declares for each tool the hints decided for it', () => {
    expect(Object.fromEntries(tools.map((t) => [t.name, t.annotations]))).toEqual(EXPECTED);
  });

  it('lists both at /api/tools and in MCP tools/list, the MCP title at the top and in the annotations', () => {
    for (const tool of tools) {
      expect(describeTool(tool)).toMatchObject({ title: tool.title, annotations: tool.annotations });
      expect(toMcpToolEntry(tool)).toMatchObject({ title: tool.title, annotations: { ...tool.annotations, title: tool.title } });
    }
  });

  it("gives the backend specs' stand-ins the titles and annotations of the real tools of their names", () => {
    const real = new Map(tools.map((t) => [t.name, t]));
    for (const standIn of standInTools()) {
      const tool = real.get(standIn.name);
      expect({ name: standIn.name, real: Boolean(tool) }).toEqual({ name: standIn.name, real: true });
      expect({ name: standIn.name, title: standIn.title, annotations: standIn.annotations }).toEqual({ name: standIn.name, title: tool?.title, annotations: tool?.annotations });
    }
  });
});
