// Judges one run of the MCP conformance suite against the expected failures and prints one line
// per scenario, then `MCP conformance: N passed, M expected failures, U unexpected`. Exits 1 on
// anything unexpected: a scenario failing that is not listed, a listed one passing, a listed name
// the suite did not run, a line without a reason, or the suite's own baseline check disagreeing.
// A scenario fails as the suite's baseline check counts it: any check FAILURE or WARNING. A
// scenario that ran without a readable checks.json (the suite stopped inside it) fails as
// unexpected, listed or not: its failure is not the listed one.
// Usage: node .ci/mcp-conformance-report.mjs <suite log> <results dir> <expected-failures file> <suite exit status>
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [suiteLog, resultsDir, expectedFile, suiteStatus] = process.argv.slice(2);
if (!suiteLog || !resultsDir || !expectedFile || !/^[0-9]+$/.test(suiteStatus ?? '')) {
  console.error('usage: node .ci/mcp-conformance-report.mjs <suite log> <results dir> <expected-failures file> <suite exit status>');
  process.exit(2);
}
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

// The checks one scenario's folder records, or why there are none.
function checksIn(dir) {
  const file = path.join(dir, 'checks.json');
  if (!existsSync(file)) return { missing: `${file} is missing` };
  try {
    const checks = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(checks) ? { checks } : { missing: `${file} holds no list of checks` };
  } catch (err) {
    return { missing: `${file} is not JSON (${err.message})` };
  }
}

// The scenarios the suite ran, in its order, and the checks of each.
const ran = [...(existsSync(suiteLog) ? readFileSync(suiteLog, 'utf8') : '').matchAll(/^=== Running scenario: (\S+) ===$/gm)].map((m) => m[1]);
const resultsOf = new Map();
for (const dir of existsSync(resultsDir) ? readdirSync(resultsDir) : []) {
  const match = /^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/.exec(dir);
  if (match) resultsOf.set(match[1], checksIn(path.join(resultsDir, dir)));
}
if (ran.length === 0) problems.push(`the suite ran no scenario (see ${suiteLog})`);

let passed = 0;
let expectedFailures = 0;
let unexpected = 0;
for (const scenario of ran) {
  const results = resultsOf.get(scenario) ?? { missing: `no results folder in ${resultsDir}` };
  if (results.missing !== undefined) {
    unexpected += 1;
    console.log(`  NO RESULTS        ${scenario}: did not finish, ${results.missing} (see ${suiteLog})`);
    continue;
  }
  const failing = results.checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING');
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
