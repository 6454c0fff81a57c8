import { Readable } from 'node:stream';
import { JsonLineSplitter, type JsonLine } from './json-lines';

async function split(chunks: string[], maxBytes = 1024): Promise<JsonLine[]> {
  const lines: JsonLine[] = [];
  for await (const line of Readable.from(chunks.map((c) => Buffer.from(c))).pipe(new JsonLineSplitter(maxBytes))) lines.push(line as JsonLine);
  return lines;
}

describe('JsonLineSplitter', () => {
  it('numbers lines across chunks, drops CR, BOM and blank lines', async () => {
    expect(await split(['\ufeff{"a":', '1}\r\n\n  \n{"b":2}\n{"c"', ':3}'])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 4, text: '{"b":2}' },
      { line: 5, text: '{"c":3}' },
    ]);
  });

  it('reports a line longer than the limit without holding it, and goes on', async () => {
    expect(await split(['{"a":1}\n', 'x'.repeat(30), 'y'.repeat(30), '\n{"b":2}\n'], 40)).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, tooLong: true },
      { line: 3, text: '{"b":2}' },
    ]);
  });
});
