import type { AnyTool } from '../tool/define-tool';
import type { ToolAccess } from '../tool/tool-access';
import type { ToolAnnotations } from '../tool/tool-annotations';
import { type JsonSchema, toJsonSchema, toStrictJsonSchema } from './json-schema';

export interface OpenAiFunctionTool {
  type: 'function';
  function: { name: string; description: string; parameters: JsonSchema; strict: true };
}

export interface McpToolEntry {
  name: string;
  /** MCP's display name (top level since 2025-06-18); also mirrored into `annotations.title`. */
  title?: string;
  description: string;
  inputSchema: JsonSchema & { type: 'object' };
  outputSchema?: JsonSchema & { type: 'object' };
  annotations?: ToolAnnotations;
}

export interface ToolDescription {
  name: string;
  title?: string;
  description: string;
  /** Who may call it (a tool that declares none is public). */
  access: ToolAccess;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  annotations?: ToolAnnotations;
}

export function describeTool(tool: AnyTool): ToolDescription {
  return {
    name: tool.name,
    ...(tool.title === undefined ? {} : { title: tool.title }),
    description: tool.description,
    access: tool.access ?? 'public',
    inputSchema: toJsonSchema(tool.input, 'input'),
    outputSchema: toJsonSchema(tool.output, 'output'),
    ...(tool.annotations ? { annotations: { ...tool.annotations } } : {}),
  };
}

/** OpenAI function-calling entry, valid for `strict: true`. */
export function toOpenAiFunctionTool(tool: AnyTool): OpenAiFunctionTool {
  const parameters = toStrictJsonSchema(objectSchema(toJsonSchema(tool.input, 'input'), tool.name));
  return { type: 'function', function: { name: tool.name, description: tool.description, parameters, strict: true } };
}

/**
 * Entry of an MCP `tools/list` answer. Output schemas are listed only when they are objects, as MCP
 * requires. The title goes at the top level (2025-06-18 on) and into the annotations, where
 * clients of the 2025-03-26 protocol look for it.
 */
export function toMcpToolEntry(tool: AnyTool): McpToolEntry {
  const inputSchema = objectSchema(toJsonSchema(tool.input, 'input'), tool.name);
  const output = toJsonSchema(tool.output, 'output');
  const entry: McpToolEntry = { name: tool.name, ...(tool.title === undefined ? {} : { title: tool.title }), description: tool.description, inputSchema };
  if (output['type'] === 'object') entry.outputSchema = output as McpToolEntry['inputSchema'];
  if (tool.annotations) entry.annotations = { ...tool.annotations, ...(tool.title === undefined ? {} : { title: tool.title }) };
  return entry;
}

function objectSchema(schema: JsonSchema, toolName: string): JsonSchema & { type: 'object' } {
  if (schema['type'] !== 'object') {
    throw new Error(`Tool ${toolName}: input must be a zod object schema (function calling needs named arguments)`);
  }
  return schema as JsonSchema & { type: 'object' };
}
