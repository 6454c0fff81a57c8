import express from 'express';
import { z } from 'zod';
import { defineTool, ToolRegistry } from '@reco/base-tools';
import { buildOpenApiDocument } from '../openapi/openapi-document';
import { startServer, type RunningServer } from '../server';
import { ApiRoutes } from './api-routes';
import { errorHandler } from './error-handler';
import { mountTool } from './mount-tool';
import { defineToolRoute } from './tool-route';

// Counts every parse of the tool's schema (its refinement runs once per parse of valid input).
let parses = 0;
const ThingInput = z
  .object({
    productId: z.string().trim().min(1).max(8),
    query: z.string().min(1).optional(),
    k: z.number().int().min(1).max(10).default(3),
    fresh: z.boolean().optional(),
    ids: z.array(z.string().min(1).max(8)).max(3).optional(),
    // Not idempotent: parsing the parsed value again would fail (a Date is no string).
    since: z.string().transform((text) => new Date(text)).optional(),
  })
  .refine(() => ++parses > 0);

const thing = defineTool({
  name: 'get_thing',
  description: 'A thing, for the spec',
  input: ThingInput,
  output: z.object({
    productId: z.string(),
    query: z.string().nullable(),
    k: z.number(),
    fresh: z.boolean().nullable(),
    ids: z.array(z.string()).nullable(),
    since: z.string().nullable(),
  }),
  execute: async ({ productId, query, k, fresh, ids, since }) => ({ productId, query: query ?? null, k, fresh: fresh ?? null, ids: ids ?? null, since: since?.toISOString() ?? null }),
});

const getThing = defineToolRoute({
  method: 'get',
  path: '/api/things/:id',
  summary: 'A thing',
  tag: 'things',
  access: 'authenticated',
  tool: 'get_thing',
  input: ThingInput,
  pathFields: { id: 'productId' },
  renamed: { q: 'query' },
});

describe('tool routes', () => {
  let running: RunningServer;
  let calls = 0;
  beforeAll(async () => {
    const registry = new ToolRegistry().register(thing, defineTool({ ...thing, name: 'get_staff_thing', access: 'staff' }));
    registry.onCall(() => (calls += 1));
    const api = new ApiRoutes('/api', []);
    mountTool(api, registry, getThing);
    mountTool(api, registry, { ...getThing, path: '/api/staff-things/:id', tool: 'get_staff_thing' });
    const app = express();
    app.use(api.handle);
    app.use(errorHandler);
    running = await startServer(app, '127.0.0.1', 0);
  });
  afterAll(() => running.close(1_000));

  const get = async (path: string) => {
    const res = await fetch(`${running.url}${path}`);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test asserts the shape it expects
    return { status: res.status, body: (await res.json()) as any };
  };

  it('reads the tool fields from the URL and parses them once per request', async () => {
    const before = parses;
    const { status, body } = await get('/api/things/85123A?q=lantern&k=5&fresh=true&since=2011-06-01T00:00:00Z');
    expect(status).toBe(200);
    expect(body).toEqual({ productId: '85123A', query: 'lantern', k: 5, fresh: true, ids: null, since: '2011-06-01T00:00:00.000Z' });
    expect(parses - before).toBe(1);
    // The tool's default applies when the URL leaves a field out.
    expect((await get('/api/things/85123A')).body).toMatchObject({ k: 3, query: null });
  });

  it('reads a list field comma-separated, repeated, or both; an empty value is an empty list', async () => {
    expect((await get('/api/things/85123A?ids=a,b')).body.ids).toEqual(['a', 'b']);
    expect((await get('/api/things/85123A?ids=a&ids=b,c')).body.ids).toEqual(['a', 'b', 'c']);
    expect((await get('/api/things/85123A?ids=%20a%20,,b,')).body.ids).toEqual(['a', 'b']);
    expect((await get('/api/things/85123A?ids=')).body.ids).toEqual([]);
    const tooMany = await get('/api/things/85123A?ids=a,b,c,d');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details.issues).toEqual([expect.objectContaining({ field: 'ids', in: 'query' })]);
    const tooLong = await get('/api/things/85123A?ids=a,TOO-LONG-ID');
    expect(tooLong.body.error.details.issues).toEqual([expect.objectContaining({ field: 'ids.1', in: 'query' })]);
  });

  it('answers 400 naming the URL field and where it is, without calling the tool', async () => {
    const before = calls;
    const { status, body } = await get('/api/things/TOO-LONG-ID?k=11&fresh=maybe&q=');
    expect(status).toBe(400);
    expect(body.error.code).toBe('BAD_INPUT');
    const issues = body.error.details.issues.map((i: { field: string; in: string }) => `${i.in}:${i.field}`).sort();
    expect(issues).toEqual(['path:id', 'query:fresh', 'query:k', 'query:q']);
    expect(body.error.message).toMatch(/^Invalid request: /);
    expect(calls).toBe(before);
  });

  it("refuses a caller the tool's own access rule leaves out with 403, before reading the request", async () => {
    const before = { parses, calls };
    // This app authenticates nobody: every caller is anonymous, and the tool is for staff.
    for (const path of ['/api/staff-things/85123A', '/api/staff-things/TOO-LONG-ID?k=11']) {
      const { status, body } = await get(path);
      expect(status).toBe(403);
      expect(body.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('get_staff_thing') });
    }
    expect({ parses, calls }).toEqual(before);
  });

  it('documents the URL parameters with the tool field schemas', () => {
    const doc = buildOpenApiDocument([getThing]);
    const parameters = (doc.paths['/api/things/{id}']?.['get'] as { parameters: { name: string; in: string; required: boolean; schema: object }[] }).parameters;
    expect(parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:id', 'query:q', 'query:k', 'query:fresh', 'query:ids', 'query:since']);
    expect(parameters[0]).toMatchObject({ required: true, schema: { type: 'string', maxLength: 8 } });
    expect(parameters[2]).toMatchObject({ required: false, schema: { type: 'integer', minimum: 1, maximum: 10, default: 3 } });
    expect(parameters[3]).toMatchObject({ schema: { type: 'boolean' } });
    // A list is sent comma-separated: form style, not exploded.
    expect(parameters[4]).toMatchObject({ style: 'form', explode: false, schema: { type: 'array', maxItems: 3 } });
  });
});
