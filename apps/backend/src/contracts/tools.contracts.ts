import { z } from 'zod';
import { defineRoute } from '../http/route-contract';

/** MCP's ToolAnnotations, as the tool declares them (base-tools' ToolAnnotations). */
const ToolAnnotationsSchema = z
  .object({
    readOnlyHint: z.boolean().describe("True when a call changes no shop data (bookkeeping about the call, such as an experiment's exposure, aside)"),
    destructiveHint: z.boolean().optional().describe('Only for a tool that writes: true when it may overwrite or delete data, false when it only adds'),
    idempotentHint: z.boolean().describe('True when calling again with the same input changes nothing more'),
    openWorldHint: z.boolean().describe("True when a call may reach something outside the shop's own data (an external LLM)"),
  })
  .describe('How a call behaves: hints for clients (MCP tool annotations), never a permission');

const ToolDescriptionSchema = z.object({
  name: z.string(),
  title: z.string().optional().describe('For people, e.g. "Search products"'),
  description: z.string(),
  /** Who may call it: `public`, `customer` (a token or staff key), `staff` or `admin`. */
  access: z.string(),
  /** JSON Schema of the tool's input (the body of POST /api/tools/{name}). */
  inputSchema: z.record(z.string(), z.unknown()),
  /** JSON Schema of the tool's data. */
  outputSchema: z.record(z.string(), z.unknown()),
  annotations: ToolAnnotationsSchema.optional(),
});

/** A failed call answers with the tool's own result: `ok: false` and the tool's error. */
const ToolFailureSchema = z.object({
  ok: z.literal(false),
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
  ms: z.number(),
});

export const listTools = defineRoute({
  method: 'get',
  path: '/api/tools',
  summary: 'The tools this caller may call, with the JSON Schemas of their input and data',
  tag: 'tools',
  access: 'authenticated',
  response: z.object({ tools: z.array(ToolDescriptionSchema) }),
});

export const invokeTool = defineRoute({
  method: 'post',
  path: '/api/tools/:name',
  summary:
    "Call one tool with its input as the JSON body (see its inputSchema in GET /api/tools). A failure answers the tool's result " +
    'with ok false: UNKNOWN_TOOL and NOT_FOUND 404, BAD_INPUT 400, FORBIDDEN 403, CONFLICT 409 (a job of that kind is already queued or running), ' +
    'UNAVAILABLE 503 (with Retry-After when known), TIMEOUT 504',
  tag: 'tools',
  access: 'authenticated',
  params: z.object({ name: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/) }),
  body: z.record(z.string(), z.unknown()),
  bodyOptional: true,
  response: z.object({ ok: z.literal(true), data: z.unknown(), ms: z.number() }),
  errors: [403, 404, 409, 500, 503, 504],
  errorBody: ToolFailureSchema,
});

export const TOOL_CONTRACTS = [listTools, invokeTool];
