// Judges one run of the MCP conformance suite against the expected failures and prints one line
// per scenario, then `MCP conformance: N passed, M expected failures, U unexpected`. Exits 1 on
// anything unexpected: a scenario failing that is not listed, a listed one passing, a listed name
// the suite did not run, a line without a reason, or the suite's own baseline check disagreeing.
// A scenario fails as the suite's baseline check counts it: any check FAILURE or WARNING.
// Usage: node .ci/mcp-conformance-report.mjs <suite log> <results dir> <expected-failures file> <suite exit status>
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [suiteLog, resultsDir, expectedFile, suiteStatus] = process.argv.slice(2);
const problems = [];

// Expected failures: `<scenario> <reason>` a line; blank lines and # comments aside.
const expected = new Map();
for (const [index, raw] of readFileSync(expectedFile, 'utf8').split('\n').entries()) {
  const line = raw.trim();
  if (line === '' || line.startsWith('#')) continue;
  const match = /^(\S+)\s+(\S.*)$/.exec(line);
  if (!match) problems.push(`${expectedFile}:${index + 1}: "${line}" names no reason after the scenario`);
  else expected.set(match[1], match[2]);
}

// The scenarios the suite ran, in its order, and the checks of each that finished.
const ran = [...readFileSync(suiteLog, 'utf8').matchAll(/^=== Running scenario: (\S+) ===$/gm)].map((m) => m[1]);
const checksOf = new Map();
for (const dir of existsSync(resultsDir) ? readdirSync(resultsDir) : []) {
  const match = /^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/.exec(dir);
  if (match) checksOf.set(match[1], JSON.parse(readFileSync(path.join(resultsDir, dir, 'checks.json'), 'utf8')));
}
if (ran.length === 0) problems.push(`the suite ran no scenario (see ${suiteLog})`);

let passed = 0;
let expectedFailures = 0;
let unexpected = 0;
for (const scenario of ran) {
  const checks = checksOf.get(scenario);
  const failing = checks ? checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING') : [{ errorMessage: 'did not finish (see the suite log)' }];
  const why = failing.map((c) => `${c.id ?? ''} ${c.errorMessage ?? c.details?.message ?? ''}`.trim()).join('; ');
  const reason = expected.get(scenario);
  if (failing.length === 0 && reason === undefined) {
    passed += 1;
    console.log(`  pass              ${scenario}`);
  } else if (failing.length > 0 && reason !== undefined) {
    expectedFailures += 1;
    console.log(`  expected failure  ${scenario}: ${reason}`);
  } else if (failing.length > 0) {
    unexpected += 1;
    console.log(`  UNEXPECTED FAIL   ${scenario}: ${why}`);
  } else {
    unexpected += 1;
    console.log(`  UNEXPECTED PASS   ${scenario}: remove it from ${expectedFile}`);
  }
}
for (const scenario of expected.keys()) {
  if (!ran.includes(scenario)) problems.push(`${expectedFile} lists ${scenario}, which the suite did not run`);
}
if (unexpected === 0 && problems.length === 0 && suiteStatus !== '0') {
  problems.push(`the suite's own baseline check failed (exit ${suiteStatus}) where this one passed: see ${suiteLog}`);
}
for (const problem of problems) console.log(`  PROBLEM           ${problem}`);
unexpected += problems.length;
console.log(`MCP conformance: ${passed} passed, ${expectedFailures} expected failures, ${unexpected} unexpected`);
process.exit(unexpected === 0 ? 0 : 1);
