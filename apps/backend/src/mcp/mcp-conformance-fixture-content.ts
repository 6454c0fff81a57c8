import {
  ProtocolError,
  ProtocolErrorCode,
  UriTemplate,
  type CompleteRequest,
  type CompleteResult,
  type GetPromptResult,
  type Prompt,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplateType,
} from '@modelcontextprotocol/server';
import { FIXTURE_PNG_BASE64 } from './mcp-conformance-fixture-tools';
import type { ExtraPrompts } from './mcp-prompts';
import type { ExtraResources } from './mcp-resources';

/**
 * The resources, prompts and completions the MCP conformance suite (0.1.16) reads, as sources
 * Reco's own resources, prompts and completion parts serve beside theirs (a JSON-RPC method has
 * one handler per server). Fixed test data only.
 */

const TEMPLATE_URI = 'test://template/{id}/data';
const TEMPLATE = new UriTemplate(TEMPLATE_URI);

const RESOURCES: readonly Resource[] = [
  { uri: 'test://static-text', name: 'static-text', title: 'Static Text Resource', description: 'Conformance fixture: a static text resource', mimeType: 'text/plain' },
  { uri: 'test://static-binary', name: 'static-binary', title: 'Static Binary Resource', description: 'Conformance fixture: a static binary resource (a PNG)', mimeType: 'image/png' },
  { uri: 'test://watched-resource', name: 'watched-resource', title: 'Watched Resource', description: 'Conformance fixture: the resource the subscription scenarios name', mimeType: 'text/plain' },
];

const RESOURCE_TEMPLATES: readonly ResourceTemplateType[] = [
  { uriTemplate: TEMPLATE_URI, name: 'template', title: 'Resource Template', description: 'Conformance fixture: data for any id', mimeType: 'application/json' },
];

/** The contents of a fixture resource; undefined for any other URI. */
function readResource(uri: string): ReadResourceResult | undefined {
  switch (uri) {
    case 'test://static-text':
      return { contents: [{ uri, mimeType: 'text/plain', text: 'This is the content of the static text resource.' }] };
    case 'test://static-binary':
      return { contents: [{ uri, mimeType: 'image/png', blob: FIXTURE_PNG_BASE64 }] };
    case 'test://watched-resource':
      return { contents: [{ uri, mimeType: 'text/plain', text: 'Watched resource content' }] };
  }
  const id = uri.startsWith('test://template/') ? TEMPLATE.match(uri)?.['id'] : undefined;
  if (typeof id !== 'string') return undefined;
  return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }) }] };
}

const PROMPTS: readonly Prompt[] = [
  { name: 'test_simple_prompt', title: 'Simple Test Prompt', description: 'Conformance fixture: a prompt without arguments' },
  {
    name: 'test_prompt_with_arguments',
    title: 'Prompt With Arguments',
    description: 'Conformance fixture: a prompt with two required arguments',
    arguments: [
      { name: 'arg1', description: 'First test argument', required: true },
      { name: 'arg2', description: 'Second test argument', required: true },
    ],
  },
  {
    name: 'test_prompt_with_embedded_resource',
    title: 'Prompt With Embedded Resource',
    description: 'Conformance fixture: a prompt that embeds a resource',
    arguments: [{ name: 'resourceUri', description: 'URI of the resource to embed', required: true }],
  },
  { name: 'test_prompt_with_image', title: 'Prompt With Image', description: 'Conformance fixture: a prompt that includes an image' },
];

/** A fixture prompt's messages; undefined for any other name. A missing required argument is -32602. */
function getPrompt(name: string, args: Record<string, string> = {}): GetPromptResult | undefined {
  const prompt = PROMPTS.find((p) => p.name === name);
  if (!prompt) return undefined;
  const missing = prompt.arguments?.find((a) => a.required && !args[a.name]);
  if (missing) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Missing required argument: ${missing.name}`, { code: 'BAD_INPUT', argument: missing.name });
  switch (name) {
    case 'test_simple_prompt':
      return { messages: [{ role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } }] };
    case 'test_prompt_with_arguments':
      return { messages: [{ role: 'user', content: { type: 'text', text: `Prompt with arguments: arg1='${args['arg1']}', arg2='${args['arg2']}'` } }] };
    case 'test_prompt_with_embedded_resource':
      return {
        messages: [
          { role: 'user', content: { type: 'resource', resource: { uri: args['resourceUri'] ?? '', mimeType: 'text/plain', text: 'Embedded resource content for testing.' } } },
          { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
        ],
      };
    default:
      return {
        messages: [
          { role: 'user', content: { type: 'image', data: FIXTURE_PNG_BASE64, mimeType: 'image/png' } },
          { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
        ],
      };
  }
}

/** Completion of a fixture prompt's argument or template's variable (nothing to suggest); undefined for any other reference. */
export function completeConformanceFixture(ref: CompleteRequest['params']['ref']): CompleteResult['completion'] | undefined {
  const ours = ref.type === 'ref/prompt' ? PROMPTS.some((p) => p.name === ref.name) : ref.uri === TEMPLATE_URI;
  return ours ? { values: [], total: 0, hasMore: false } : undefined;
}

export const CONFORMANCE_FIXTURE_RESOURCES: ExtraResources = { resources: RESOURCES, templates: RESOURCE_TEMPLATES, read: readResource };
export const CONFORMANCE_FIXTURE_PROMPTS: ExtraPrompts = { prompts: PROMPTS, get: getPrompt };
