import { ProtocolError, ProtocolErrorCode, type CallToolResult, type ServerContext, type Tool } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { toJsonSchema } from '@reco/base-tools';
import type { McpOnlyTool } from './mcp-tools';

/**
 * The tools the official MCP conformance suite (@modelcontextprotocol/conformance 0.1.16) calls,
 * with the names, arguments and answers its server scenarios expect. They exist only to test the
 * protocol layer: nothing here reads or writes shop data.
 */

/** A 1x1 red PNG, the suite's reference image. */
export const FIXTURE_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
/** A WAV file with one silent sample, the suite's reference audio. */
const FIXTURE_WAV_BASE64 = 'UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=';

const NO_ARGUMENTS = z.object({});
const SamplingArgs = z.object({ prompt: z.string().min(1).describe('The prompt to send to the LLM') });
const ElicitationArgs = z.object({ message: z.string().min(1).describe('The message to show the user') });
const SchemaFeaturesArgs = z.strictObject({ name: z.string().optional(), address: z.object({ street: z.string().optional(), city: z.string().optional() }).optional() });

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

const text = (value: string): CallToolResult => ({ content: [{ type: 'text', text: value }] });

function fixture<S extends z.ZodObject>(
  name: string,
  description: string,
  args: S,
  call: (input: z.infer<S>, ctx: ServerContext) => Promise<CallToolResult>,
): McpOnlyTool {
  const entry: Tool = { name, description, inputSchema: toJsonSchema(args, 'input') as Tool['inputSchema'] };
  return {
    entry,
    call: async (raw, ctx) => {
      const parsed = args.safeParse(raw);
      if (!parsed.success) {
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Invalid arguments for ${name}: ${z.prettifyError(parsed.error)}`);
      }
      return call(parsed.data, ctx);
    },
  };
}

/** The same tool listed with a hand-written schema (the one the suite compares), still checked by its zod one. */
function withListedSchema(tool: McpOnlyTool, inputSchema: Tool['inputSchema']): McpOnlyTool {
  return { ...tool, entry: { ...tool.entry, inputSchema } };
}

/**
 * Sampling and elicitation are server-to-client requests. The client answers one in a separate
 * POST, which only a server holding a session can route back to the waiting call: Reco's /mcp is
 * stateless (and 2026-07-28 has no such requests at all), so without a session the tool says so
 * at once as a tool error, rather than sending a request whose answer can never arrive.
 */
async function serverToClient(kind: string, ctx: ServerContext, request: () => Promise<string>): Promise<CallToolResult> {
  const refusal = (reason: string): CallToolResult => ({ isError: true, content: [{ type: 'text', text: `${kind} is not available on this connection: ${reason}` }] });
  if (ctx.sessionId === undefined) return refusal('it needs a session, and this server is stateless');
  try {
    return text(await request());
  } catch (err) {
    return refusal(err instanceof Error ? err.message : String(err));
  }
}

export const CONFORMANCE_FIXTURE_TOOLS: readonly McpOnlyTool[] = [
  fixture('test_simple_text', 'Conformance fixture: returns one text block', NO_ARGUMENTS, async () => text('This is a simple text response for testing.')),
  fixture('test_image_content', 'Conformance fixture: returns a PNG image', NO_ARGUMENTS, async () => ({
    content: [{ type: 'image', data: FIXTURE_PNG_BASE64, mimeType: 'image/png' }],
  })),
  fixture('test_audio_content', 'Conformance fixture: returns a WAV audio clip', NO_ARGUMENTS, async () => ({
    content: [{ type: 'audio', data: FIXTURE_WAV_BASE64, mimeType: 'audio/wav' }],
  })),
  fixture('test_embedded_resource', 'Conformance fixture: returns an embedded text resource', NO_ARGUMENTS, async () => ({
    content: [{ type: 'resource', resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' } }],
  })),
  fixture('test_multiple_content_types', 'Conformance fixture: returns text, an image and an embedded resource', NO_ARGUMENTS, async () => ({
    content: [
      { type: 'text', text: 'Multiple content types test:' },
      { type: 'image', data: FIXTURE_PNG_BASE64, mimeType: 'image/png' },
      { type: 'resource', resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: JSON.stringify({ test: 'data', value: 123 }) } },
    ],
  })),
  fixture('test_tool_with_logging', 'Conformance fixture: sends three info log messages while it runs', NO_ARGUMENTS, async (_args, ctx) => {
    // The pauses make the messages arrive one by one, before the result.
    await ctx.mcpReq.log('info', 'Tool execution started');
    await pause(50, ctx.mcpReq.signal);
    await ctx.mcpReq.log('info', 'Tool processing data');
    await pause(50, ctx.mcpReq.signal);
    await ctx.mcpReq.log('info', 'Tool execution completed');
    return text('Tool with logging executed successfully');
  }),
  fixture('test_tool_with_progress', 'Conformance fixture: reports progress 0, 50 and 100 of 100', NO_ARGUMENTS, async (_args, ctx) => {
    const progressToken = ctx.mcpReq._meta?.progressToken;
    for (const progress of [0, 50, 100]) {
      if (progress > 0) await pause(50, ctx.mcpReq.signal);
      if (progressToken !== undefined) await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, progress, total: 100 } });
    }
    return text(`Progress reported for token ${JSON.stringify(progressToken ?? null)}`);
  }),
  fixture('test_error_handling', 'Conformance fixture: always fails as a tool error', NO_ARGUMENTS, async () => ({
    isError: true,
    content: [{ type: 'text', text: 'This tool intentionally returns an error for testing' }],
  })),
  fixture('test_sampling', "Conformance fixture: asks the client's LLM to answer the prompt", SamplingArgs, async ({ prompt }, ctx) =>
    serverToClient('Sampling', ctx, async () => {
      const answer = await ctx.mcpReq.requestSampling({ messages: [{ role: 'user', content: { type: 'text', text: prompt } }], maxTokens: 100 });
      const content = Array.isArray(answer.content) ? answer.content[0] : answer.content;
      return `LLM response: ${content?.type === 'text' ? content.text : '(no text)'}`;
    }),
  ),
  fixture('test_elicitation', 'Conformance fixture: asks the user for a username and email', ElicitationArgs, async ({ message }, ctx) =>
    serverToClient('Elicitation', ctx, async () => {
      const answer = await ctx.mcpReq.elicitInput({
        message,
        requestedSchema: {
          type: 'object',
          properties: { username: { type: 'string', description: "User's response" }, email: { type: 'string', description: "User's email address" } },
          required: ['username', 'email'],
        },
      });
      return `User response: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
    }),
  ),
  fixture('test_elicitation_sep1034_defaults', 'Conformance fixture: elicitation whose fields carry default values (SEP-1034)', NO_ARGUMENTS, async (_args, ctx) =>
    serverToClient('Elicitation', ctx, async () => {
      const answer = await ctx.mcpReq.elicitInput({
        message: 'Please review and update the form fields with defaults',
        requestedSchema: {
          type: 'object',
          properties: {
            name: { type: 'string', description: 'User name', default: 'John Doe' },
            age: { type: 'integer', description: 'User age', default: 30 },
            score: { type: 'number', description: 'User score', default: 95.5 },
            status: { type: 'string', description: 'User status', enum: ['active', 'inactive', 'pending'], default: 'active' },
            verified: { type: 'boolean', description: 'Verification status', default: true },
          },
          required: [],
        },
      });
      return `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
    }),
  ),
  fixture('test_elicitation_sep1330_enums', 'Conformance fixture: elicitation with every enum form (SEP-1330)', NO_ARGUMENTS, async (_args, ctx) =>
    serverToClient('Elicitation', ctx, async () => {
      const answer = await ctx.mcpReq.elicitInput({
        message: 'Please select options from the enum fields',
        requestedSchema: {
          type: 'object',
          properties: {
            untitledSingle: { type: 'string', description: 'Select one option', enum: ['option1', 'option2', 'option3'] },
            titledSingle: {
              type: 'string',
              description: 'Select one option with titles',
              oneOf: [
                { const: 'value1', title: 'First Option' },
                { const: 'value2', title: 'Second Option' },
                { const: 'value3', title: 'Third Option' },
              ],
            },
            legacyEnum: { type: 'string', description: 'Select one option (legacy)', enum: ['opt1', 'opt2', 'opt3'], enumNames: ['Option One', 'Option Two', 'Option Three'] },
            untitledMulti: { type: 'array', description: 'Select multiple options', minItems: 1, maxItems: 3, items: { type: 'string', enum: ['option1', 'option2', 'option3'] } },
            titledMulti: {
              type: 'array',
              description: 'Select multiple options with titles',
              minItems: 1,
              maxItems: 3,
              items: {
                anyOf: [
                  { const: 'value1', title: 'First Choice' },
                  { const: 'value2', title: 'Second Choice' },
                  { const: 'value3', title: 'Third Choice' },
                ],
              },
            },
          },
          required: [],
        },
      });
      return `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
    }),
  ),
  withListedSchema(
    fixture('json_schema_2020_12_tool', 'Conformance fixture: a tool whose input schema uses JSON Schema 2020-12 features (SEP-1613)', SchemaFeaturesArgs, async (args) =>
      text(`JSON Schema 2020-12 tool called with: ${JSON.stringify(args)}`),
    ),
    // SEP-1613: the listing must keep $schema, $defs and additionalProperties exactly as written.
    {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      $defs: { address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } } },
      properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } },
      additionalProperties: false,
    },
  ),
];
