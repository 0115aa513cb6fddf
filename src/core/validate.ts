import type * as z from 'zod';
import { CHANNEL_IDS } from './channels.ts';
import type { FieldPath, Finding } from './diagnostics.ts';
import { closest } from './text.ts';

/** A finding from schema validation, with the id of the schema rule it breaks. */
export interface SchemaFinding extends Finding {
  rule: string;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; findings: SchemaFinding[] };

/** Validates frontmatter against a zod schema and explains every issue in a community manager's terms. */
export function validateWith<S extends z.ZodType>(schema: S, data: unknown): Validation<z.output<S>> {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, findings: result.error.issues.flatMap((issue) => explainIssue(schema, data, issue)) };
}

function explainIssue(schema: z.ZodType, data: unknown, issue: z.core.$ZodIssue): SchemaFinding[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const field = path.length > 0 ? `\`${formatPath(path)}\`` : 'the frontmatter';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = keysAt(schema, path);
      const inVariants = path.at(-1) === 'variants' || path.at(-2) === 'channels' || path.at(-1) === 'channels';
      return issue.keys.map((key) => {
        const suggestion = closest(key, allowed);
        const what = inVariants && allowed.every((k) => (CHANNEL_IDS as readonly string[]).includes(k)) ? 'unknown channel' : 'unknown field';
        return {
          rule: 'schema/unknown-key',
          at: [...path, key],
          atKey: true,
          message: `${what} \`${key}\`${path.length ? ` in ${field}` : ''}${suggestion ? `; did you mean \`${suggestion}\`?` : allowed.length ? `; expected one of ${allowed.join(', ')}` : ''}`,
        };
      });
    }
    case 'invalid_type': {
      const received = valueAt(data, path);
      if (received === undefined) {
        return [{ rule: 'schema/missing-key', at: path.slice(0, -1), message: `missing required field ${field}` }];
      }
      return [{ rule: 'schema/type', at: path, message: `${field} must be ${describeType(issue.expected)}, not ${describeValue(received)}` }];
    }
    case 'invalid_value': {
      const received = valueAt(data, path);
      const options = issue.values.map(String);
      const isChannel = options.length === CHANNEL_IDS.length && options.every((o) => (CHANNEL_IDS as readonly string[]).includes(o));
      const suggestion = typeof received === 'string' ? closest(received, options) : undefined;
      return [
        {
          rule: isChannel ? 'schema/unknown-channel' : 'schema/value',
          at: path,
          message: `${isChannel ? 'unknown channel' : `${field} cannot be`} ${JSON.stringify(received)}${suggestion ? `; did you mean \`${suggestion}\`?` : `; expected one of ${options.join(', ')}`}`,
        },
      ];
    }
    case 'invalid_format': {
      const rule = issue.format === 'url' ? 'schema/url' : 'schema/format';
      return [{ rule, at: path, message: `${field} ${issue.format === 'url' ? 'must be an http(s) URL' : stripZodPrefix(issue.message)}: ${JSON.stringify(valueAt(data, path))}` }];
    }
    case 'too_small':
    case 'too_big':
      return [{ rule: 'schema/range', at: path, message: `${field} ${describeBound(issue)}` }];
    case 'custom': {
      const rule = (issue.params as { rule?: string } | undefined)?.rule ?? 'schema/value';
      return [{ rule, at: path, message: `${field} ${stripZodPrefix(issue.message)}` }];
    }
    default:
      return [{ rule: 'schema/value', at: path, message: `${field}: ${issue.message}` }];
  }
}

function describeBound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const bound = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum);
  if (issue.message && !issue.message.startsWith('Too ')) return issue.message;
  switch (issue.origin) {
    case 'array':
      return small ? (bound === 1 ? 'must not be empty' : `needs at least ${bound} items`) : `has more than ${bound} items`;
    case 'string':
      return small ? (bound === 1 ? 'must not be empty' : `needs at least ${bound} characters`) : `is longer than ${bound} characters`;
    default:
      return small ? `must be at least ${bound}` : `must be at most ${bound}`;
  }
}

function stripZodPrefix(message: string): string {
  return message.replace(/^Invalid (?:input|string|option):\s*/i, '');
}

function describeType(expected: string): string {
  const names: Record<string, string> = {
    string: 'text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping of fields',
    tuple: 'a list',
    record: 'a mapping of fields',
  };
  return names[expected] ?? expected;
}

function describeValue(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping of fields';
  if (typeof value === 'string') return `text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

export function formatPath(path: FieldPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function valueAt(data: unknown, path: FieldPath): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

interface ZodDefLike {
  type: string;
  shape?: Record<string, ZodLike>;
  innerType?: ZodLike;
  element?: ZodLike;
  valueType?: ZodLike;
  keyType?: ZodLike;
  in?: ZodLike;
  entries?: Record<string, string>;
}
interface ZodLike {
  /** innerType: a lazy schema's, built on first use. */
  _zod: { def: ZodDefLike; innerType?: ZodLike };
}

/** The keys a strict object accepts at a path of the schema (for "did you mean"). */
export function keysAt(schema: z.ZodType, path: FieldPath): string[] {
  let node: ZodLike | undefined = unwrap(schema as unknown as ZodLike);
  for (const segment of path) {
    if (!node) return [];
    const def: ZodDefLike = node._zod.def;
    if (def.type === 'object') node = def.shape?.[String(segment)];
    else if (def.type === 'array') node = def.element;
    else if (def.type === 'record') node = def.valueType;
    else return [];
    node = node && unwrap(node);
  }
  if (!node) return [];
  const def = node._zod.def;
  if (def.type === 'object') return Object.keys(def.shape ?? {});
  if (def.type === 'record') {
    const keyDef = def.keyType && unwrap(def.keyType)._zod.def;
    return keyDef?.entries ? Object.keys(keyDef.entries) : [];
  }
  return [];
}

function unwrap(node: ZodLike): ZodLike {
  let current = node;
  for (;;) {
    const def = current._zod.def;
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : def.type === 'lazy' ? current._zod.innerType : undefined);
    if (!inner) return current;
    current = inner;
  }
}
