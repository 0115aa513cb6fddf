/** The report's CSV writer gives the bytes csv-stringify gave with the options the report used. */
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvText } from '../../src/metrics/report/csv.ts';

const AWKWARD = ['', 'plain', 'a;b', 'a,b', 'say "hi"', '"', 'line\nbreak', 'cr\rinside', 'crlf\r\nhere', 'ends with cr\r', '\rstarts', '-12', '=SUM(A1)', '+33 6', '@handle', '\ttab', '\uFF1Dwide', '\uFF0B', '\uFF0Dx', '\uFF20y', "l'apostrophe", 'Pain d’épices', '-"quoted;', ' space', '0,5', '1;2\r\n'];

describe('csvText', () => {
  for (const delimiter of [';', ',']) {
    it(`writes what csv-stringify wrote (delimiter ${delimiter})`, () => {
      const header = ['post', 'title', 'a;b', 'c,d'];
      const rows: string[][] = [];
      for (let i = 0; i < AWKWARD.length; i++) rows.push([AWKWARD[i]!, AWKWARD[(i * 7 + 3) % AWKWARD.length]!, AWKWARD[(i * 5 + 1) % AWKWARD.length]!, String(i)]);
      const expected = stringify(rows, { bom: true, delimiter, escape_formulas: true, record_delimiter: 'windows', header: true, columns: header });
      expect(csvText(header, rows, delimiter)).toBe(expected);
      expect(csvText(header, [], delimiter)).toBe(stringify([], { bom: true, delimiter, escape_formulas: true, record_delimiter: 'windows', header: true, columns: header }));
    });
  }
});
