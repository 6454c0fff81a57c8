import type { AppServices } from '../services/app-services';
import { mcpCompletionPart } from './mcp-completion';
import { CONFORMANCE_FIXTURES } from './mcp-conformance-fixtures';
import { mcpPromptsPart } from './mcp-prompts';
import { mcpResourcesPart } from './mcp-resources';
import type { McpSurfacePart } from './mcp-server-factory';

export interface McpPartsDeps {
  services: AppServices;
  /** Serve the conformance suite's reference fixtures (MCP_CONFORMANCE_FIXTURES=true; never in production). */
  conformanceFixtures?: boolean;
}

/** Reco's MCP surface beyond the registry's tools, in the order clients see it. */
export function mcpSurfaceParts(deps: McpPartsDeps): McpSurfacePart[] {
  const fixtures = deps.conformanceFixtures ? CONFORMANCE_FIXTURES : undefined;
  return [
    mcpResourcesPart({ extra: fixtures?.resources }),
    mcpPromptsPart({ extra: fixtures?.prompts }),
    mcpCompletionPart({ customers: () => deps.services.customerProfiles(), extra: fixtures?.complete }),
    ...(fixtures ? [fixtures.part] : []),
  ];
}
