import type { CompleteRequest, CompleteResult } from '@modelcontextprotocol/server';
import { completeConformanceFixture, CONFORMANCE_FIXTURE_PROMPTS, CONFORMANCE_FIXTURE_RESOURCES } from './mcp-conformance-fixture-content';
import { CONFORMANCE_FIXTURE_TOOLS } from './mcp-conformance-fixture-tools';
import type { ExtraPrompts } from './mcp-prompts';
import type { ExtraResources } from './mcp-resources';
import type { McpSurfacePart } from './mcp-server-factory';

/**
 * The official MCP conformance suite's reference fixtures, served only with
 * MCP_CONFORMANCE_FIXTURES=true (never in production): its test_* tools as a surface part of
 * their own, listed after Reco's, with logging (test_tool_with_logging; logging/setLevel comes
 * with the capability); its test:// resources, test_* prompts and their completion through
 * Reco's resources, prompts and completion parts, which serve them beside their own.
 */
export interface ConformanceFixtures {
  part: McpSurfacePart;
  resources: ExtraResources;
  prompts: ExtraPrompts;
  complete: (ref: CompleteRequest['params']['ref']) => CompleteResult['completion'] | undefined;
}

export const CONFORMANCE_FIXTURES: ConformanceFixtures = {
  part: { capabilities: { logging: {} }, tools: CONFORMANCE_FIXTURE_TOOLS },
  resources: CONFORMANCE_FIXTURE_RESOURCES,
  prompts: CONFORMANCE_FIXTURE_PROMPTS,
  complete: completeConformanceFixture,
};
