import { z } from 'zod';
import type { FieldIssue } from '@reco/base-tools';
import type { RouteAccess, RouteContract } from './route-contract';

/** Where one tool field travels in a request: its URL name, where it is, and how its text is read. */
export interface ToolField {
  tool: string;
  http: string;
  in: 'path' | 'query';
  /**
   * URLs carry text: a number or boolean field is read from it before the tool's own checks; a
   * list field is comma-separated (`a,b`), its parameter repeated (`x=a&x=b`), or both.
   */
  reads: 'number' | 'boolean' | 'list' | 'text';
}

type FieldOf<I extends z.ZodObject> = Extract<keyof I['shape'], string>;

export interface ToolRouteSpec<I extends z.ZodObject> {
  method: 'get';
  path: string;
  summary: string;
  tag: string;
  access: RouteAccess;
  cacheable?: boolean;
  errors?: number[];
  /** The tool the route runs; its data is the 200 body. */
  tool: string;
  /** The tool's own input schema, as its lib exports it: every field and check comes from there. */
  input: I;
  /** Path parameters: URL name → tool field, e.g. `{ id: 'userId' }`. */
  pathFields?: Readonly<Record<string, FieldOf<I>>>;
  /** Query parameters named otherwise than their field, e.g. `{ q: 'query' }`; any other field is a query parameter of its own name. */
  renamed?: Readonly<Record<string, FieldOf<I>>>;
  /** Tool fields the route does not offer. */
  omitted?: readonly FieldOf<I>[];
  /** A field whose HTTP rule differs from the tool's (the use says why); it replaces the tool's field. */
  httpRules?: Partial<Record<FieldOf<I>, z.ZodType>>;
}

/** A route that is one tool call: its parameters are the tool's fields under their URL names. */
export interface ToolRouteContract<I extends z.ZodObject = z.ZodObject> extends RouteContract {
  tool: string;
  /** The tool's own input schema (with the route's `httpRules`, if any): the route's one check. */
  toolInput: z.ZodType<z.output<I>>;
  fields: readonly ToolField[];
}

/** A tool's data, documented from the tool's own output schema when the document is built. */
const ToolData = z.record(z.string(), z.unknown());

/**
 * Derives a route contract from a tool's input schema: `params` and `query` (for the document)
 * are the tool's field schemas under their URL names, `toolInput` (for parsing) is the tool's
 * schema itself, refinements included.
 */
export function defineToolRoute<I extends z.ZodObject>(spec: ToolRouteSpec<I>): ToolRouteContract<I> {
  const { input, pathFields = {}, renamed = {}, omitted = [], httpRules = {}, ...route } = spec;
  const rules: Record<string, z.ZodType> = Object.fromEntries(Object.entries(httpRules).filter((entry): entry is [string, z.ZodType] => entry[1] !== undefined));
  const schemaOf = (tool: string): z.ZodType => rules[tool] ?? (input.shape[tool] as z.ZodType);
  const urlNameOf = new Map(Object.entries(renamed).map(([http, tool]) => [tool as string, http]));
  const inPath = new Set<string>(Object.values(pathFields));
  const field = (tool: string, http: string, where: ToolField['in']): ToolField => ({ tool, http, in: where, reads: readingOf(schemaOf(tool)) });
  const fields: ToolField[] = [
    ...Object.entries(pathFields).map(([http, tool]) => field(tool, http, 'path')),
    ...Object.keys(input.shape)
      .filter((tool) => !inPath.has(tool) && !(omitted as readonly string[]).includes(tool))
      .map((tool) => field(tool, urlNameOf.get(tool) ?? tool, 'query')),
  ];
  const parameters = (where: ToolField['in']) => {
    const these = fields.filter((f) => f.in === where);
    return these.length ? z.object(Object.fromEntries(these.map((f) => [f.http, schemaOf(f.tool)]))) : undefined;
  };
  // safeExtend keeps the tool's refinements (e.g. minPrice <= maxPrice); an HTTP rule keeps the field's type.
  const toolInput = (Object.keys(rules).length ? (input as z.ZodObject).safeExtend(rules) : input) as unknown as z.ZodType<z.output<I>>;
  return { ...route, params: parameters('path'), query: parameters('query'), response: ToolData, toolInput, fields };
}

/** The request's values under their tool names, read from their text (absent ones left out), for `toolInput`. */
export function toolValuesOf(contract: ToolRouteContract, params: Record<string, unknown>, query: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of contract.fields) {
    const text = (field.in === 'path' ? params : query)[field.http];
    if (text !== undefined) values[field.tool] = readField(field.reads, text);
  }
  return values;
}

/** The tool schema's issues under the URL names and places the caller used. */
export function httpIssuesOf(contract: ToolRouteContract, error: z.ZodError): (FieldIssue & { in: string })[] {
  return error.issues.map((issue) => {
    const [first, ...rest] = issue.path.map(String);
    const field = contract.fields.find((f) => f.tool === first);
    const name = field?.http ?? first;
    return { field: [...(name === undefined ? [] : [name]), ...rest].join('.'), message: issue.message, in: field?.in ?? 'query' };
  });
}

function readingOf(schema: z.ZodType): ToolField['reads'] {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault || inner instanceof z.ZodNullable) inner = inner.unwrap() as z.ZodType;
  if (inner instanceof z.ZodNumber) return 'number';
  if (inner instanceof z.ZodBoolean) return 'boolean';
  if (inner instanceof z.ZodArray) return 'list';
  return 'text';
}

function readField(reads: ToolField['reads'], value: unknown): unknown {
  switch (reads) {
    case 'number':
      return textToNumber(value);
    case 'boolean':
      return textToBoolean(value);
    case 'list':
      return textToList(value);
    case 'text':
      return value;
  }
}

// Text that is no number or boolean is passed on as it is, so the field's own check names it.
const textToNumber = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);
// Empty entries (`a,,b`, a trailing comma) are left out: an empty list is `x=` and means none.
const textToList = (value: unknown) => {
  const parts = Array.isArray(value) ? value : [value];
  if (!parts.every((part) => typeof part === 'string')) return value;
  return (parts as string[]).flatMap((part) => part.split(',')).map((item) => item.trim()).filter((item) => item !== '');
};
const textToBoolean = (value: unknown) => {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
};
