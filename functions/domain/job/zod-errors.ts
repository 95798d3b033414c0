import type { z } from 'zod';
import { ArgumentError } from '../errors.js';

/** Keys come from the request: a long one is cut so that a message never repeats kilobytes of it. */
const MAX_SEGMENT_LENGTH = 40;

/** `runtime_conf.role.host[0]` style path for messages that name the offending field. */
export function formatPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const segment of path) {
    const text = String(segment);
    const shown = text.length > MAX_SEGMENT_LENGTH ? `${text.slice(0, MAX_SEGMENT_LENGTH - 3)}...` : text;
    out += typeof segment === 'number' ? `[${segment}]` : `.${shown}`;
  }
  return out;
}

/**
 * Parses `value` with `schema`, or throws an ArgumentError (FATE retcode 101) whose message names
 * the first offending field. Every issue is kept in `details.issues` for clients that want them all.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, root: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ field: formatPath(root, issue.path), message: issue.message }));
  const first = issues[0] ?? { field: root, message: 'invalid' };
  throw new ArgumentError(`${first.field}: ${first.message}`, { details: { field: first.field, issues } });
}

/**
 * An `error` option for records and strict objects that words only the "wrong type" issue. A bad
 * key keeps its own message (the key schema's, or `unknownKey` for a key outside an enum), so
 * "role": {"bogus": [1]} says the role is unknown instead of repeating "must be an object".
 */
export function typeError(message: string, unknownKey?: (key: string) => string): z.core.$ZodErrorMap {
  return (issue) => {
    if (issue.code === 'invalid_type') return message;
    if (issue.code === 'invalid_key') return issue.issues[0]?.message;
    if (issue.code === 'unrecognized_keys' && unknownKey !== undefined) return issue.keys.map(unknownKey).join('; ');
    return undefined;
  };
}
