import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// A CI script under `set -o pipefail` must not pipe a download into a reader that stops early
// (`curl … | grep -q`, `| head`): the reader exits at its match, curl gets a write error (exit
// 23) on a page larger than the pipe buffer, and a healthy build is reported red. One such run
// failed on the dashboard page; saving to a file first and reading that is the safe form.
const ciDir = path.resolve(__dirname, '../../../.ci');
const EARLY_EXIT_READER = /\|\s*(grep\s+(-\w*q|-m|--quiet|--max-count)|head\b)/;

function pipefailScripts(): { name: string; text: string }[] {
  return readdirSync(ciDir)
    .map((name) => ({ name, text: readFileSync(path.join(ciDir, name), 'utf8') }))
    .filter(({ text }) => /set -\w*o pipefail|set -o pipefail/.test(text));
}

function downloadsPipedToEarlyReaders(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .filter((line) => /\bcurl\b[^|]*\|/.test(line) && EARLY_EXIT_READER.test(line.slice(line.indexOf('curl'))));
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
});
