import type * as z from 'zod';
import { ArgumentError } from '../errors.js';
import { closestKey, knownKeysAt } from './known-keys.js';

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

/** One thing wrong in a request, and the field it is in (`runtime_conf.role.host[0]`). */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

/** What zod words a key outside a strict object as, when no error map words it otherwise. */
const ZOD_UNRECOGNIZED = /^Unrecognized keys?: /;

/**
 * zod's issues as fields and messages. A key a strict object does not declare becomes one issue
 * per key, naming the key, with the declared key it most likely meant: `….max_itr: unknown key;
 * did you mean "max_iter"?`. A message a schema words itself (`"bogus" is not a role; …`) stays.
 */
export function fieldIssues(schema: z.ZodType, issues: readonly z.core.$ZodIssue[], root: string): FieldIssue[] {
  return issues.flatMap((issue): FieldIssue[] => {
    if (issue.code !== 'unrecognized_keys' || !ZOD_UNRECOGNIZED.test(issue.message)) {
      return [{ field: formatPath(root, issue.path), message: issue.message }];
    }
    const known = knownKeysAt(schema, issue.path);
    return issue.keys.map((key) => {
      const meant = closestKey(key, known);
      return {
        field: formatPath(root, [...issue.path, key]),
        message: meant === undefined ? 'unknown key' : `unknown key; did you mean "${meant}"?`,
      };
    });
  });
}

/**
 * FATE's retcode 101 for every issue at once: the message lists each `field: message` (so a conf
 * with three misspelt keys is fixed in one round), `details.field` names the first and
 * `details.issues` keeps them all for clients that want them apart.
 */
export function invalidFields(issues: readonly FieldIssue[], details: Record<string, unknown> = {}): ArgumentError {
  const first = issues[0] ?? { field: 'request', message: 'invalid' };
  const message = (issues.length === 0 ? [first] : issues).map((issue) => `${issue.field}: ${issue.message}`);
  return new ArgumentError(message.join('; '), { details: { field: first.field, ...details, issues } });
}

/** `value` parsed with `schema`, or every issue found in it (see fieldIssues). */
export function parseFields<S extends z.ZodType>(
  schema: S,
  value: unknown,
  root: string,
): { readonly data: z.output<S> } | { readonly issues: FieldIssue[] } {
  const result = schema.safeParse(value);
  return result.success ? { data: result.data } : { issues: fieldIssues(schema, result.error.issues, root) };
}

/** Parses `value` with `schema`, or throws an ArgumentError (FATE retcode 101) naming every offending field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, root: string): z.output<S> {
  const parsed = parseFields(schema, value, root);
  if ('issues' in parsed) throw invalidFields(parsed.issues);
  return parsed.data;
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
