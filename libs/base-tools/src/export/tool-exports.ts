import type { AnyTool } from '../tool/define-tool';
import type { ToolAccess } from '../tool/tool-access';
import { type JsonSchema, toJsonSchema, toStrictJsonSchema } from './json-schema';

export interface OpenAiFunctionTool {
  type: 'function';
  function: { name: string; description: string; parameters: JsonSchema; strict: true };
}

export interface McpToolEntry {
  name: string;
  description: string;
  inputSchema: JsonSchema & { type: 'object' };
  outputSchema?: JsonSchema & { type: 'object' };
}

export interface ToolDescription {
  name: string;
  description: string;
  /** Who may call it (a tool that declares none is public). */
  access: ToolAccess;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
}

export function describeTool(tool: AnyTool): ToolDescription {
  return {
    name: tool.name,
    description: tool.description,
    access: tool.access ?? 'public',
    inputSchema: toJsonSchema(tool.input, 'input'),
    outputSchema: toJsonSchema(tool.output, 'output'),
  };
}

/** OpenAI function-calling entry, valid for `strict: true`. */
export function toOpenAiFunctionTool(tool: AnyTool): OpenAiFunctionTool {
  const parameters = toStrictJsonSchema(objectSchema(toJsonSchema(tool.input, 'input'), tool.name));
  return { type: 'function', function: { name: tool.name, description: tool.description, parameters, strict: true } };
}

/** Entry of an MCP `tools/list` answer. Output schemas are listed only when they are objects, as MCP requires. */
export function toMcpToolEntry(tool: AnyTool): McpToolEntry {
  const inputSchema = objectSchema(toJsonSchema(tool.input, 'input'), tool.name);
  const output = toJsonSchema(tool.output, 'output');
  const entry: McpToolEntry = { name: tool.name, description: tool.description, inputSchema };
  if (output['type'] === 'object') entry.outputSchema = output as McpToolEntry['inputSchema'];
  return entry;
}

function objectSchema(schema: JsonSchema, toolName: string): JsonSchema & { type: 'object' } {
  if (schema['type'] !== 'object') {
    throw new Error(`Tool ${toolName}: input must be a zod object schema (function calling needs named arguments)`);
  }
  return schema as JsonSchema & { type: 'object' };
}
