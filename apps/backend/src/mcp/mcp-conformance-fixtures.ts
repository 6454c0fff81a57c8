import { CONFORMANCE_FIXTURE_TOOLS } from './mcp-conformance-fixture-tools';
import type { McpSurfacePart } from './mcp-server-factory';

/**
 * The official MCP conformance suite's reference fixtures as one surface part, served only with
 * MCP_CONFORMANCE_FIXTURES=true (never in production): its test_* tools, listed after Reco's, and
 * logging, which test_tool_with_logging needs (logging/setLevel comes with the capability).
 */
export function conformanceFixturesPart(): McpSurfacePart {
  return { capabilities: { logging: {} }, tools: CONFORMANCE_FIXTURE_TOOLS };
}
