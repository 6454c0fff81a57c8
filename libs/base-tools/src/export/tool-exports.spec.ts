import { z } from 'zod';
import { type AnyTool, defineTool } from '../tool/define-tool';
import { describeTool, toMcpToolEntry, toOpenAiFunctionTool } from './tool-exports';
import type { ToolAnnotations } from '../tool/tool-annotations';
import type { JsonSchema } from './json-schema';

const search = defineTool({
  name: 'search_things',
  description: 'Searches things',
  input: z.object({
    query: z.string().min(1).describe('What to look for'),
    maxPrice: z.number().positive().optional(),
    limit: z.number().int().min(1).max(50).default(10),
    filters: z.object({ colours: z.array(z.enum(['red', 'blue'])).optional() }).optional(),
  }),
  output: z.object({ items: z.array(z.object({ id: z.string(), score: z.number() })) }),
  execute: async () => ({ items: [] }),
});

/** The rules OpenAI applies to `strict: true` schemas. */
function assertStrict(schema: JsonSchema, path = '$'): void {
  const allowed = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'anyOf', 'description', '$defs', '$ref']);
  for (const key of Object.keys(schema)) {
    if (!allowed.has(key)) throw new Error(`${path}: keyword ${key} is not allowed in strict mode`);
  }
  if (schema['properties']) {
    const props = schema['properties'] as Record<string, JsonSchema>;
    expect({ path, additionalProperties: schema['additionalProperties'] }).toEqual({ path, additionalProperties: false });
    expect([...(schema['required'] as string[])].sort()).toEqual(Object.keys(props).sort());
    for (const [name, prop] of Object.entries(props)) assertStrict(prop, `${path}.${name}`);
  }
  if (schema['items']) assertStrict(schema['items'] as JsonSchema, `${path}[]`);
  for (const branch of (schema['anyOf'] as JsonSchema[] | undefined) ?? []) assertStrict(branch, `${path}|`);
}

describe('tool exports', () => {
  it('exports an OpenAI function tool valid for strict mode', () => {
    const fn = toOpenAiFunctionTool(search);
    expect(fn.type).toBe('function');
    expect(fn.function.name).toBe('search_things');
    expect(fn.function.strict).toBe(true);
    expect(fn.function.parameters['type']).toBe('object');
    assertStrict(fn.function.parameters);
    const props = fn.function.parameters['properties'] as Record<string, JsonSchema>;
    // Optional fields become nullable; constraints survive as text for the model.
    expect(props['maxPrice']).toEqual({ anyOf: [{ type: 'number', description: '(greater than 0)' }, { type: 'null' }] });
    expect(props['query']['description']).toBe('What to look for (min length 1)');
  });

  it('exports an MCP tools/list entry with the full JSON Schema', () => {
    const entry = toMcpToolEntry(search);
    expect(entry.name).toBe('search_things');
    expect(entry.inputSchema.type).toBe('object');
    expect(entry.inputSchema['required']).toEqual(['query']);
    const props = entry.inputSchema['properties'] as Record<string, JsonSchema>;
    expect(props['limit']).toMatchObject({ type: 'integer', minimum: 1, maximum: 50, default: 10 });
    expect(entry.outputSchema?.type).toBe('object');
  });

  it('describes input and output schemas for the HTTP listing', () => {
    const d = describeTool(search);
    expect(d.inputSchema['type']).toBe('object');
    expect((d.outputSchema['properties'] as Record<string, unknown>)['items']).toBeDefined();
  });

  describe('titles and annotations', () => {
    const titled = defineTool({
      ...search,
      name: 'search_titled_things',
      title: 'Search things',
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    });
    const writer = defineTool({
      ...search,
      name: 'delete_things',
      title: 'Delete things',
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    });

    it('puts the title at the top of the MCP entry and mirrors it into the annotations', () => {
      const entry = toMcpToolEntry(titled);
      expect(entry.title).toBe('Search things');
      expect(entry.annotations).toEqual({ title: 'Search things', readOnlyHint: true, idempotentHint: true, openWorldHint: false });
      expect(toMcpToolEntry(writer).annotations).toEqual({ title: 'Delete things', readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false });
    });

    it('lists title and annotations for /api/tools, without a second title', () => {
      const d = describeTool(titled);
      expect(d.title).toBe('Search things');
      expect(d.annotations).toEqual({ readOnlyHint: true, idempotentHint: true, openWorldHint: false });
    });

    it('leaves both out for a tool that declares none, in every export', () => {
      expect(toMcpToolEntry(search)).not.toHaveProperty('title');
      expect(toMcpToolEntry(search)).not.toHaveProperty('annotations');
      expect(describeTool(search)).not.toHaveProperty('title');
      expect(describeTool(search)).not.toHaveProperty('annotations');
      // OpenAI function calling has no place for either.
      expect(toOpenAiFunctionTool(titled)).toEqual(toOpenAiFunctionTool({ ...search, name: 'search_titled_things' }));
    });

    it.each([
      ['blank', '  '],
      ['too long', 'x'.repeat(101)],
      ['on two lines', 'Search\nthings'],
    ])('refuses a title that is %s', (_why, title) => {
      expect(() => defineTool({ ...search, title })).toThrow(/title must be one line of 1-100 characters/);
    });

    it('takes a title of 100 characters, and refuses a second, different title in the annotations', () => {
      expect(defineTool({ ...search, title: 'x'.repeat(100) }).title).toHaveLength(100);
      const annotations = { title: 'Other', readOnlyHint: true, idempotentHint: true, openWorldHint: false } as const;
      expect(() => defineTool({ ...search, title: 'Search things', annotations })).toThrow(/give the title once/);
    });

    it('asks destructiveHint of a tool that writes, and of no other (checked by the typecheck)', () => {
      // @ts-expect-error a read-only tool destroys nothing
      const readOnly: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
      // @ts-expect-error a tool that writes must say whether it may overwrite or delete
      const writes: ToolAnnotations = { readOnlyHint: false, idempotentHint: false, openWorldHint: false };
      expect([readOnly.readOnlyHint, writes.readOnlyHint]).toEqual([true, false]);
    });

    it('keeps the declared annotations from changing after definition', () => {
      const declared = { readOnlyHint: true as const, idempotentHint: true, openWorldHint: false };
      const tool = defineTool({ ...search, annotations: declared });
      declared.openWorldHint = true;
      expect(tool.annotations?.openWorldHint).toBe(false);
      expect(Object.isFrozen(tool.annotations)).toBe(true);
    });
  });

  it('refuses a tool whose input is not an object', () => {
    const bad = { ...search, name: 'bad', input: z.string() } as unknown as AnyTool;
    expect(() => toOpenAiFunctionTool(bad)).toThrow(/zod object/);
  });
});
