/**
 * CSV as French Excel opens it: a BOM, `;` or `,` between fields, CRLF after every record, formulas
 * escaped. The very bytes csv-stringify wrote with `{ bom, delimiter, escape_formulas, record_delimiter:
 * 'windows', header }` (test/metrics/csv.test.ts compares them on awkward fields), at a tenth of its cost:
 * a month's report has ~8,500 rows of 24 fields, and csv-stringify's per-field casting and option
 * handling took 0.25 s of `cadence report --format csv` (docs/benchmarks.md, "Metrics").
 */

/** A field starting with one of these would be read as a formula (CSV injection): it gets a leading `'`. */
const FORMULA_STARTS = new Set(['-', '=', '+', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

function field(value: string, delimiter: string): string {
  if (value === '') return '';
  const quote = value.includes('"');
  // Quoted when it holds the delimiter, a quote or a CRLF (a lone CR or LF is not, as csv-stringify did not).
  const quoted = quote || value.includes(delimiter) || value.includes('\r\n');
  let text = FORMULA_STARTS.has(value[0]!) ? `'${value}` : value;
  if (quote) text = text.replaceAll('"', '""');
  return quoted ? `"${text}"` : text;
}

/** The CSV text of a header and rows of strings (`delimiter`: one character). */
export function csvText(header: readonly string[], rows: readonly (readonly string[])[], delimiter: string): string {
  const lines: string[] = new Array<string>(rows.length + 1);
  const line = (fields: readonly string[]) => {
    let text = '';
    for (let i = 0; i < fields.length; i++) text += i === 0 ? field(fields[i]!, delimiter) : delimiter + field(fields[i]!, delimiter);
    return text;
  };
  lines[0] = line(header);
  for (let i = 0; i < rows.length; i++) lines[i + 1] = line(rows[i]!);
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
