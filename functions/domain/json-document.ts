/**
 * Checks on JSON documents a request carries, made before anything recursive reads them: both
 * walk with a loop, never the call stack, so no input can overflow it.
 */
import { ArgumentError } from './errors.js';
import { formatPath } from './job/zod-errors.js';
import { MAX_JSON_DEPTH, MAX_STORED_NUMBER, MIN_STORED_MAGNITUDE } from './limits.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = new Set([0x7b, 0x5b]);
const CLOSE = new Set([0x7d, 0x5d]);

/**
 * Whether JSON text nests objects and arrays more than `limit` deep. One pass over the text
 * without parsing it; brackets inside strings do not count. Malformed text is left to JSON.parse.
 */
export function jsonTextTooDeep(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index += 1;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (OPEN.has(code)) {
      depth += 1;
      if (depth > limit) return true;
    } else if (CLOSE.has(code)) {
      depth -= 1;
    }
  }
  return false;
}

/** A number DynamoDB keeps exactly as sent (see MAX_STORED_NUMBER). */
export function isStorableNumber(value: number): boolean {
  const magnitude = Math.abs(value);
  return Number.isFinite(value) && magnitude <= MAX_STORED_NUMBER && (value === 0 || magnitude >= MIN_STORED_MAGNITUDE);
}

export interface DocumentProblem {
  /** Where, from the document's root: keys and list indexes. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

interface Node {
  readonly value: unknown;
  readonly depth: number;
  readonly parent: Node | undefined;
  readonly key: string | number | undefined;
}

/**
 * Keys JSON.parse keeps as own keys and the AWS SDK's marshaller cannot store: it assigns
 * `__proto__` (which sets a prototype and sends an empty value), and it decides what an object is
 * from `value.constructor.name` (an own `constructor` key makes a map a Set, a string, or nothing).
 */
const RESERVED_KEYS: ReadonlyMap<string, string> = new Map([
  ['__proto__', 'cannot be a key: the store would drop it (JavaScript reads "__proto__" as the prototype)'],
  ['constructor', 'cannot be a key: the store would read the object as another type (JavaScript\'s "constructor")'],
]);

/**
 * The first thing (in document order) that keeps a parsed JSON document from being stored: nesting
 * over `limit`, a number outside what DynamoDB keeps, or a key the store cannot keep (RESERVED_KEYS).
 * Undefined when there is none.
 */
export function documentProblem(document: unknown, limit: number = MAX_JSON_DEPTH): DocumentProblem | undefined {
  const stack: Node[] = [{ value: document, depth: 0, parent: undefined, key: undefined }];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const { value } = node;
    if (typeof value === 'number' && !isStorableNumber(value)) {
      return {
        path: pathOf(node),
        message: `the number ${value} cannot be stored: numbers must be within ±${MAX_STORED_NUMBER} and, unless 0, at least ${MIN_STORED_MAGNITUDE} in magnitude`,
      };
    }
    if (typeof value !== 'object' || value === null) continue;
    if (node.depth >= limit) {
      return { path: pathOf(node), message: `nests objects and arrays more than ${limit} levels deep (the limit)` };
    }
    const children: [string | number, unknown][] = Array.isArray(value)
      ? value.map((item, index) => [index, item])
      : Object.entries(value);
    for (const [key, message] of Array.isArray(value) ? [] : RESERVED_KEYS) {
      if (Object.hasOwn(value, key)) return { path: [...pathOf(node), key], message };
    }
    // Pushed last to first, so the first child is looked at first.
    for (let index = children.length - 1; index >= 0; index -= 1) {
      const [key, child] = children[index] as [string | number, unknown];
      stack.push({ value: child, depth: node.depth + 1, parent: node, key });
    }
  }
  return undefined;
}

function pathOf(node: Node): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: Node | undefined = node; at?.key !== undefined; at = at.parent) path.unshift(at.key);
  return path;
}

/** Throws an ArgumentError naming the field (`runtime_conf.a.b: …`) when `documentProblem` finds one. */
export function assertStorableDocument(document: unknown, root: string, limit: number = MAX_JSON_DEPTH): void {
  const problem = documentProblem(document, limit);
  if (problem === undefined) return;
  const field = formatPath(root, problem.path);
  throw new ArgumentError(`${field}: ${problem.message}`, { details: { field } });
}
