export { defineTool, type AnyTool, type CachedToolContext, type Tool } from './tool/define-tool';
export {
  canReadCustomer,
  silentLogger,
  type Caller,
  type ToolContext,
  type ToolLogger,
} from './tool/tool-context';
export {
  TOOL_ERROR_CODES,
  TOOL_ERROR_HTTP_STATUS,
  ToolError,
  type FieldIssue,
  type ToolErrorBody,
  type ToolErrorCode,
} from './tool/tool-error';
export type { ToolResult } from './tool/tool-result';
export { dropNulls, fieldIssues } from './tool/field-issues';
export {
  DEFAULT_TOOL_TIMEOUT_MS,
  ToolRegistry,
  type InvokeOptions,
  type ToolCallContext,
  type ToolCallEvent,
  type ToolCallListener,
  type ToolRegistryOptions,
} from './tool/tool-registry';
export { toJsonSchema, toStrictJsonSchema, type JsonSchema } from './export/json-schema';
export {
  describeTool,
  toMcpToolEntry,
  toOpenAiFunctionTool,
  type McpToolEntry,
  type OpenAiFunctionTool,
  type ToolDescription,
} from './export/tool-exports';
export * from './schemas/product';
export * from './schemas/customer';
export * from './schemas/recommendation';
