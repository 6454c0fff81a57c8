#!/usr/bin/env node
// `npm test`: runs every project's Jest suite through Nx (cache off, so nothing is replayed),
// then prints the totals over all projects as the last line: `N passed, N failed, N skipped`.
// Extra arguments go to `nx run-many` (e.g. `npm test -- --projects=data`).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const resultsDir = path.join(root, 'tmp', 'test-results');
fs.rmSync(resultsDir, { recursive: true, force: true });

const args = ['nx', 'run-many', '-t', 'test', '--outputStyle=static', '--skip-nx-cache', ...process.argv.slice(2)];
const env = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: 'true' };
const run = spawnSync('npx', args, { cwd: root, env, stdio: 'inherit' });

const results = fs.existsSync(resultsDir)
  ? fs.readdirSync(resultsDir).map((f) => JSON.parse(fs.readFileSync(path.join(resultsDir, f), 'utf8')))
  : [];
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
const empty = [];
for (const r of results.sort((a, b) => a.project.localeCompare(b.project))) {
  passed += r.passed;
  failed += r.failed + r.suitesFailedToRun;
  skipped += r.skipped;
  failures.push(...r.failedTests);
  if (r.suitesFailedToRun) failures.push(`${r.project}: ${r.suitesFailedToRun} suite(s) failed to run`);
  if (r.passed + r.failed + r.skipped === 0) empty.push(r.project);
}
// Nx failing without any Jest failure (a project that crashed before reporting) still fails the run.
if (run.status !== 0 && failed === 0) {
  failed += 1;
  failures.push(`nx run-many exited with ${run.status ?? run.signal}`);
}

console.log('\n=== test summary ===');
for (const r of results) console.log(`${r.project.padEnd(24)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
if (empty.length) console.log(`projects without tests yet: ${empty.join(', ')}`);
for (const f of failures) console.log(`FAILED ${f}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
