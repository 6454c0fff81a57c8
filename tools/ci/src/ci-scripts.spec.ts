import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// A CI script under `set -o pipefail` must not pipe a download into a reader that stops early
// (`curl … | grep -q`, `| head`): the reader exits at its match, curl gets a write error (exit
// 23) on a page larger than the pipe buffer, and a healthy build is reported red. One such run
// failed on the dashboard page; saving to a file first and reading that is the safe form.
const ciDir = path.resolve(__dirname, '../../../.ci');
const EARLY_EXIT_READER = /\|\s*(grep\s+(-\w*q|-m|--quiet|--max-count)|head\b)/;

function pipefailScripts(): { name: string; text: string }[] {
  return readdirSync(ciDir)
    .filter((name) => statSync(path.join(ciDir, name)).isFile())
    .map((name) => ({ name, text: readFileSync(path.join(ciDir, name), 'utf8') }))
    .filter(({ text }) => /set -\w*o pipefail|set -o pipefail/.test(text));
}

function downloadsPipedToEarlyReaders(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .filter((line) => /\bcurl\b[^|]*\|/.test(line) && EARLY_EXIT_READER.test(line.slice(line.indexOf('curl'))));
}

// Every download in the MCP conformance step has a deadline: a backend that accepts a connection
// and never answers must fail the step, not hang CI.
function curlsWithoutDeadline(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .filter((line) => /\bcurl\s/.test(line) && !/--max-time\s+[0-9]+/.test(line));
}

describe('.ci scripts', () => {
  it('finds the hazard it guards against', () => {
    expect(downloadsPipedToEarlyReaders(`curl -sf "http://x/" | grep -q '<title>'`)).toHaveLength(1);
    expect(downloadsPipedToEarlyReaders(`curl -sf http://x/metrics | head -n 3`)).toHaveLength(1);
    expect(downloadsPipedToEarlyReaders(`curl -sf -o page.html http://x/\ngrep -q title page.html`)).toEqual([]);
  });

  it('never pipe a download into a reader that stops early under pipefail', () => {
    const scripts = pipefailScripts();
    expect(scripts.length).toBeGreaterThan(0);
    const offending = scripts.flatMap(({ name, text }) => downloadsPipedToEarlyReaders(text).map((line) => `${name}: ${line.trim()}`));
    expect(offending).toEqual([]);
  });

  it('finds a curl without a deadline', () => {
    expect(curlsWithoutDeadline(`code=$(curl -s -o /dev/null "http://x/")`)).toHaveLength(1);
    expect(curlsWithoutDeadline(`code=$(curl -s --max-time 5 -o /dev/null "http://x/")\n# curl explained`)).toEqual([]);
  });

  it('give every curl of the MCP conformance step a --max-time', () => {
    const script = readFileSync(path.join(ciDir, 'mcp-conformance.sh'), 'utf8');
    expect(script).toMatch(/\bcurl\s/);
    expect(curlsWithoutDeadline(script)).toEqual([]);
  });
});
