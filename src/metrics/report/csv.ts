/**
 * CSV as French Excel opens it: a BOM, `;` or `,` between fields, CRLF after every record, formulas
 * escaped. The very bytes csv-stringify wrote with `{ bom, delimiter, escape_formulas, record_delimiter:
 * 'windows', header }` (test/metrics/csv.test.ts compares them on awkward fields), at a tenth of its cost:
 * a month's report has ~8,500 rows of 24 fields, and csv-stringify's per-field casting and option
 * handling took 0.25 s of `cadence report --format csv` (docs/benchmarks.md, "Metrics").
 */

/** A field starting with one of these would be read as a formula (CSV injection): it gets a leading `'`. */
const FORMULA_STARTS = new Set(['-', '=', '+', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);
/** A field without any of these (nor a formula start) is written as it is: nearly every field of a report. */
const MAY_NEED_QUOTES = /["\r;,]/;
/** The delimiters MAY_NEED_QUOTES looks for. */
const USUAL_DELIMITERS = new Set([';', ',']);

/** One field (`delimiter`: one character). */
export function csvField(value: string, delimiter: string): string {
  if (value === '') return '';
  const formula = FORMULA_STARTS.has(value[0]!);
  if (!formula && !MAY_NEED_QUOTES.test(value) && (USUAL_DELIMITERS.has(delimiter) || !value.includes(delimiter))) return value;
  const quote = value.includes('"');
  // Quoted when it holds the delimiter, a quote or a CRLF (a lone CR or LF is not, as csv-stringify did not).
  const quoted = quote || value.includes(delimiter) || value.includes('\r\n');
  let text = formula ? `'${value}` : value;
  if (quote) text = text.replaceAll('"', '""');
  return quoted ? `"${text}"` : text;
}

/** One record's text, without its CRLF. */
export function csvLine(fields: readonly string[], delimiter: string): string {
  let text = '';
  for (let i = 0; i < fields.length; i++) text += i === 0 ? csvField(fields[i]!, delimiter) : delimiter + csvField(fields[i]!, delimiter);
  return text;
}

/**
 * A CSV text made of records laid out by `csvLine` (or field by field with `csvField`): the BOM first, a
 * CRLF after each record. The records are joined 64 at a time as they come: a month's ~8,500 records kept
 * in one list to the end all survived young-generation collections, which copied them (a third of the
 * CSV's cost).
 */
export class CsvLines {
  private readonly chunks: string[] = [];
  private lines: string[] = [];

  add(line: string): void {
    this.lines.push(line);
    if (this.lines.length === 64) {
      this.chunks.push(this.lines.join('\r\n'));
      this.lines = [];
    }
  }

  text(): string {
    if (this.lines.length) this.chunks.push(this.lines.join('\r\n'));
    this.lines = [];
    return `\uFEFF${this.chunks.join('\r\n')}\r\n`;
  }
}

/** The CSV text of a header and rows of strings (`delimiter`: one character). */
export function csvText(header: readonly string[], rows: readonly (readonly string[])[], delimiter: string): string {
  const lines = new CsvLines();
  lines.add(csvLine(header, delimiter));
  for (const row of rows) lines.add(csvLine(row, delimiter));
  return lines.text();
}
