// Public API of @reco/base-tools: the tool contract (defineTool, ToolRegistry, errors, results), its
// JSON-Schema, MCP and OpenAI exports, and the domain schemas tools share.
export { defineTool, type AnyTool, type CachedToolContext, type Tool } from './tool/define-tool';
export { changesShopData, TOOL_TITLE_MAX_CHARS, type ToolAnnotations } from './tool/tool-annotations';
export { accessRefusal, mayCall, type ToolAccess } from './tool/tool-access';
export {
  canReadCustomer,
  silentLogger,
  type Caller,
  type ToolContext,
  type ToolLogger,
  type ToolProgress,
  type ToolProgressListener,
} from './tool/tool-context';
export {
  dependencyFailureOf,
  TOOL_ERROR_CODES,
  TOOL_ERROR_HTTP_STATUS,
  ToolError,
  type DependencyFailure,
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
// The domain schemas tools share, and the types they infer.
export {
  ProductIdSchema,
  ProductSchema,
  ScoredProductListSchema,
  ScoredProductSchema,
  toToolProduct,
  type CatalogProduct,
  type Product,
  type ScoredProduct,
} from './schemas/product';
export {
  CustomerIdSchema,
  CustomerProfileSchema,
  CustomerSchema,
  CustomerSegmentSchema,
  OrderSchema,
  SEGMENT_NAMES,
  SegmentNameSchema,
  SegmentSummarySchema,
  type Customer,
  type CustomerProfile,
  type CustomerSegment,
  type Order,
  type SegmentName,
  type SegmentSummary,
} from './schemas/customer';
export { ExperimentArmRefSchema, RecommendationListSchema, type ExperimentArmRef, type RecommendationList } from './schemas/recommendation';
