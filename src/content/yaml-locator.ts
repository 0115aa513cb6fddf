import {
  EVENT_ID,
  getScalarValue,
  parseEvents,
  SCALAR_STYLE_DOUBLE_QUOTED,
  SCALAR_STYLE_FOLDED_BLOCK,
  SCALAR_STYLE_LITERAL_BLOCK,
  SCALAR_STYLE_SINGLE_QUOTED,
  type Event,
  type ScalarEvent,
} from 'js-yaml';
import type { FieldPath } from '../core/diagnostics.ts';
import type { Locator, Position } from '../core/model.ts';

/** Where a YAML node starts, and its children: enough to point a diagnostic at a field path. */
interface LocatedNode {
  start: number;
  pairs?: { key: string | undefined; keyStart: number; value: LocatedNode | undefined }[];
  items?: LocatedNode[];
}

interface Frame {
  node: LocatedNode;
  /** In a mapping: the key just read, waiting for its value. */
  key?: { text: string | undefined; start: number } | undefined;
}

const QUOTED = new Set<number>([SCALAR_STYLE_SINGLE_QUOTED, SCALAR_STYLE_DOUBLE_QUOTED]);
const BLOCK = new Set<number>([SCALAR_STYLE_LITERAL_BLOCK, SCALAR_STYLE_FOLDED_BLOCK]);

/**
 * Finds the line and column of a field path in YAML text; falls back to the nearest existing ancestor.
 * Reads js-yaml's event stream, the parser that read the frontmatter: only files with a diagnostic need
 * positions, and parsing them again with warm code costs microseconds where loading a second YAML
 * library cost each lint thread ~100 ms.
 */
export function yamlLocator(yaml: string, firstLine: number): Locator {
  const root = locatedTree(yaml);
  const lineStarts = [0];
  for (let i = yaml.indexOf('\n'); i !== -1; i = yaml.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const toPosition = (offset: number): Position => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: firstLine + low, column: offset - lineStarts[low]! + 1 };
  };
  return (path: FieldPath, atKey = false): Position => {
    let node = root;
    let keyStart: number | undefined;
    for (const segment of path) {
      if (node?.pairs) {
        const pair = node.pairs.find((p) => p.key === String(segment));
        if (!pair) break;
        keyStart = pair.keyStart;
        node = pair.value;
        if (!node) break;
      } else if (node?.items && typeof segment === 'number') {
        const item = node.items[segment];
        if (!item) break;
        keyStart = undefined;
        node = item;
      } else break;
    }
    const start = atKey && keyStart !== undefined ? keyStart : (node?.start ?? keyStart);
    return start === undefined ? { line: firstLine, column: 1 } : toPosition(start);
  };
}

/** The tree of node starts of the first document, or undefined when the text does not parse. */
function locatedTree(source: string): LocatedNode | undefined {
  let events: Event[];
  try {
    events = parseEvents(source, {});
  } catch {
    return undefined;
  }
  let root: LocatedNode | undefined;
  const stack: Frame[] = [];
  /** Where the previous scalar ended: a block scalar's indicator (`|`, `>`) comes after it. */
  let previousEnd = 0;
  const attach = (node: LocatedNode, keyText: () => string | undefined, empty: boolean) => {
    const frame = stack.at(-1);
    if (!frame) {
      root ??= node;
      return;
    }
    if (frame.node.items) frame.node.items.push(node);
    else if (!frame.key) frame.key = { text: keyText(), start: node.start };
    else {
      // `key:` with nothing after it: the key is what a diagnostic points at.
      frame.node.pairs!.push({ key: frame.key.text, keyStart: frame.key.start, value: empty ? undefined : node });
      frame.key = undefined;
    }
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const node: LocatedNode = event.type === EVENT_ID.MAPPING ? { start: event.start, pairs: [] } : { start: event.start, items: [] };
        attach(node, () => undefined, false);
        stack.push({ node });
        break;
      }
      case EVENT_ID.SCALAR: {
        // An empty value (`key:` or a lone `-`) has no source range of its own.
        const empty = event.valueStart < 0 && event.tagStart < 0 && event.anchorStart < 0;
        const start = empty ? emptyItemStart(source, previousEnd, stack.at(-1)?.node) : scalarStart(source, event, previousEnd);
        if (event.valueEnd >= 0) previousEnd = event.valueEnd;
        attach({ start }, () => getScalarValue(source, event), empty);
        break;
      }
      case EVENT_ID.ALIAS:
        attach({ start: Math.max(0, event.anchorStart - 1) }, () => undefined, false);
        break;
      case EVENT_ID.POP:
        stack.pop();
        break;
    }
    if (root && stack.length === 0 && event.type === EVENT_ID.POP) break;
  }
  return root;
}

/** An empty item of a block sequence starts at its `-`: the first after the previous value. */
function emptyItemStart(source: string, previousEnd: number, parent: LocatedNode | undefined): number {
  const from = Math.max(previousEnd, parent?.start ?? 0);
  const dash = source.indexOf('-', from);
  return dash === -1 ? from : dash;
}

/** A scalar starts at its opening quote, or at the `|` / `>` of a block scalar, as an editor shows it. */
function scalarStart(source: string, event: ScalarEvent, previousEnd: number): number {
  if (event.valueStart < 0) return Math.max(event.tagStart, event.anchorStart);
  if (QUOTED.has(event.style)) return event.valueStart - 1;
  if (!BLOCK.has(event.style)) return event.valueStart;
  const headerLine = source.lastIndexOf('\n', event.valueStart - 2) + 1;
  const from = Math.max(headerLine, previousEnd, event.tagEnd, event.anchorEnd);
  for (let i = from; i < event.valueStart; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x7c || c === 0x3e) return i;
  }
  return event.valueStart;
}
