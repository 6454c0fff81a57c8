import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/** JSON Schema (2020-12) of what a caller sends (`input`) or receives (`output`). */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
  delete json['$schema'];
  return json;
}

// Keywords OpenAI strict mode accepts; every other constraint moves into the description,
// and the registry still enforces it on the way in.
const STRICT_KEYWORDS = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'anyOf',
  'description', '$defs', '$ref',
]);

const HINT_KEYWORDS: Record<string, string> = {
  minimum: 'minimum', maximum: 'maximum', exclusiveMinimum: 'greater than', exclusiveMaximum: 'less than',
  minLength: 'min length', maxLength: 'max length', minItems: 'min items', maxItems: 'max items',
  pattern: 'pattern', format: 'format', default: 'default',
};

/**
 * Rewrites a JSON Schema for OpenAI strict mode: every object closed and listing all its
 * properties as required, optional ones made nullable (null means "left out"), unsupported
 * keywords folded into the description.
 */
export function toStrictJsonSchema(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  const hints: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (key in HINT_KEYWORDS) hints.push(`${HINT_KEYWORDS[key]} ${JSON.stringify(value)}`);
    else if (STRICT_KEYWORDS.has(key)) out[key] = value;
  }
  if (hints.length) {
    out['description'] = [out['description'], `(${hints.join(', ')})`].filter(Boolean).join(' ');
  }
  if (out['properties']) {
    const properties = out['properties'] as Record<string, JsonSchema>;
    const required = new Set((out['required'] as string[] | undefined) ?? []);
    const strictProps: Record<string, JsonSchema> = {};
    for (const [name, prop] of Object.entries(properties)) {
      const strictProp = toStrictJsonSchema(prop);
      strictProps[name] = required.has(name) ? strictProp : { anyOf: [strictProp, { type: 'null' }] };
    }
    out['properties'] = strictProps;
    out['required'] = Object.keys(strictProps);
  }
  if (out['type'] === 'object' || out['properties']) out['additionalProperties'] = false;
  if (out['items'] && typeof out['items'] === 'object') out['items'] = toStrictJsonSchema(out['items'] as JsonSchema);
  if (Array.isArray(out['anyOf'])) out['anyOf'] = (out['anyOf'] as JsonSchema[]).map(toStrictJsonSchema);
  if (out['$defs']) {
    out['$defs'] = Object.fromEntries(
      Object.entries(out['$defs'] as Record<string, JsonSchema>).map(([k, v]) => [k, toStrictJsonSchema(v)]),
    );
  }
  return out;
}
