/**
 * Writes the backend's OpenAPI document, as GET /api/openapi.json serves it, to the file named by
 * the first argument: the tools come from the composition root, so each tool route documents its
 * tool's real output schema. Nothing is opened (no database, cache or queue is reached).
 *   tsx --conditions=@reco/source apps/backend/scripts/write-openapi.ts tmp/openapi.json
 */
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ToolRegistry } from '@reco/base-tools';
import { createContainer, loadConfig, RUNTIME_TOKENS } from '@reco/runtime';
import { DOCUMENTED_CONTRACTS } from '../src/contracts/api-contracts';
import { buildOpenApiDocument } from '../src/openapi/openapi-document';

const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: write-openapi.ts <file.json>\n');
  process.exit(2);
}
const dataDir = mkdtempSync(path.join(tmpdir(), 'reco-openapi-'));
try {
  const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const registry = createContainer(config).resolve<ToolRegistry>(RUNTIME_TOKENS.ToolRegistry);
  const document = buildOpenApiDocument(DOCUMENTED_CONTRACTS, { registry });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`${out}: ${Object.keys(document.paths).length} paths, ${registry.list().length} tools\n`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
