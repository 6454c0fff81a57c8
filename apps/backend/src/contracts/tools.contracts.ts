import { z } from 'zod';
import { defineRoute } from '../http/route-contract';

const ToolDescriptionSchema = z.object({
  name: z.string(),
  description: z.string(),
  /** Who may call it: `public`, `customer` (a token or staff key), `staff` or `admin`. */
  access: z.string(),
  /** JSON Schema of the tool's input (the body of POST /api/tools/{name}). */
  inputSchema: z.record(z.string(), z.unknown()),
  /** JSON Schema of the tool's data. */
  outputSchema: z.record(z.string(), z.unknown()),
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
    'with ok false: UNKNOWN_TOOL and NOT_FOUND 404, BAD_INPUT 400, FORBIDDEN 403, UNAVAILABLE 503 (with Retry-After when known), TIMEOUT 504',
  tag: 'tools',
  access: 'authenticated',
  params: z.object({ name: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/) }),
  body: z.record(z.string(), z.unknown()),
  bodyOptional: true,
  response: z.object({ ok: z.literal(true), data: z.unknown(), ms: z.number() }),
  errors: [403, 404, 500, 503, 504],
  errorBody: ToolFailureSchema,
});

export const TOOL_CONTRACTS = [listTools, invokeTool];
