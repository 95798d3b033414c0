/**
 * The query string, including FATE's data-upload quirk: `flow data upload` passes its whole conf
 * as `params=json.dumps(conf)`, so requests sends ONE url-quoted JSON document as the query
 * (`/v1/data/upload?%7B%22file%22:%20%22a.csv%22,%20...%7D`), a single key with no value.
 */
import { ArgumentError } from '../domain/errors.js';
import { jsonTextTooDeep } from '../domain/json-document.js';
import { MAX_JSON_DEPTH } from '../domain/limits.js';

export interface ParsedQuery {
  /** key=value pairs; a repeated key's values joined with a comma, as API Gateway joins them. */
  readonly params: Readonly<Record<string, string>>;
  /** The JSON object when the whole query is one, as FATE's upload sends it. */
  readonly document?: Readonly<Record<string, unknown>>;
}

export function parseQueryString(raw: string): ParsedQuery {
  if (raw === '') return { params: {} };
  const document = queryDocument(raw);
  if (document !== undefined) return { params: {}, document };
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const seen = params[key];
    params[key] = seen === undefined ? value : `${seen},${value}`;
  }
  return { params };
}

function queryDocument(raw: string): Record<string, unknown> | undefined {
  // A key with an empty value may arrive as `key=`; the document itself never ends with `=`.
  const candidate = raw.endsWith('=') ? raw.slice(0, -1) : raw;
  if (!/^\s*(\{|%7B)/i.test(candidate)) return undefined;
  const text = percentDecode(candidate);
  if (jsonTextTooDeep(text)) {
    throw new ArgumentError(
      `the query string's JSON document nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep (the limit)`,
    );
  }
  // requests leaves `+` as it is (a literal plus); a form encoder would have meant a space.
  return parseObject(text) ?? parseObject(percentDecode(candidate.replaceAll('+', ' ')));
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Decodes %XX escapes and leaves anything else alone. requests does not escape a `%` that is not
 * followed by two hex digits, so a strict decoder would refuse a conf holding one.
 */
export function percentDecode(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replaceAll('%', ''), 'hex').toString('utf8'));
}
