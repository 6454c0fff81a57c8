#!/usr/bin/env bash
# `npm run openapi:lint`: writes the backend's OpenAPI document to tmp/openapi/openapi.json and lints
# it with Redocly's recommended rules (redocly.yaml, exceptions in .redocly.lint-ignore.yaml).
# Redocly fails only on errors; this fails on warnings too, so the document stays at zero of both.
set -euo pipefail
cd "$(dirname "$0")/../../.."
npx tsx --conditions=@reco/source apps/backend/scripts/write-openapi.ts tmp/openapi/openapi.json
# Redocly's Node 20 end-of-life notice goes to stderr, the JSON report to stdout.
# No telemetry or update check: CI is offline but for the registry.
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx redocly lint tmp/openapi/openapi.json --format=json 2>tmp/openapi/lint.stderr >tmp/openapi/lint.json || true
node -e '
const fs = require("node:fs");
let report;
try {
  report = JSON.parse(fs.readFileSync("tmp/openapi/lint.json", "utf8"));
} catch {
  // Redocly did not report (a crash, an unsupported Node): show why instead of a JSON parse error.
  console.error("Redocly gave no report; its stderr:\n" + fs.readFileSync("tmp/openapi/lint.stderr", "utf8"));
  process.exit(1);
}
for (const p of report.problems) console.log(`${p.severity} ${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(", ")}`);
const { errors, warnings, ignored } = report.totals;
console.log(`openapi lint (Redocly ${report.version}, recommended): ${errors} errors, ${warnings} warnings, ${ignored} ignored with a reason`);
process.exit(errors + warnings === 0 ? 0 : 1);'
