/**
 * How large a record is in the store, counted as DynamoDB counts an item (the store every site runs
 * on, dynalite locally): so that a record too large for it is refused before any write instead of
 * failing at the put. Walks with a loop, never the call stack.
 */
import { ArgumentError } from '../errors.js';
import { MAX_RECORD_BYTES } from '../limits.js';

/** A list or map takes 3 bytes, and each of its elements 1 byte more than its own size. */
const CONTAINER_BYTES = 3;
const ELEMENT_BYTES = 1;
/** Null and booleans. */
const SCALAR_BYTES = 1;

/**
 * The item size of `record`: the UTF-8 bytes of every attribute name and map key, strings as UTF-8,
 * numbers at one byte per two significant digits plus one, byte arrays as they are.
 */
export function storedSize(record: object): number {
  let size = 0;
  const pending: unknown[] = [];
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined) continue;
    size += utf8Length(name);
    pending.push(value);
  }
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') size += utf8Length(value);
    else if (typeof value === 'number') size += numberSize(value);
    else if (typeof value === 'boolean' || value === null) size += SCALAR_BYTES;
    else if (value instanceof Uint8Array) size += value.byteLength;
    else if (Array.isArray(value)) {
      size += CONTAINER_BYTES + ELEMENT_BYTES * value.length;
      // One by one: spreading a list of a million items would overflow the argument limit.
      for (const item of value) pending.push(item);
    } else if (typeof value === 'object') {
      size += CONTAINER_BYTES;
      for (const [key, child] of Object.entries(value)) {
        if (child === undefined) continue;
        size += ELEMENT_BYTES + utf8Length(key);
        pending.push(child);
      }
    }
  }
  return size;
}

/** DynamoDB's write units for an item of `bytes`: one per started KB. */
export function writeUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 1024));
}

/** Throws an ArgumentError naming `what` and the limit when the record is over MAX_RECORD_BYTES. */
export function assertRecordFits(record: object, what: string, hint: string): number {
  const size = storedSize(record);
  if (size > MAX_RECORD_BYTES) {
    throw new ArgumentError(
      `${what} would take ${size} bytes in the store, over the limit of ${MAX_RECORD_BYTES} bytes per record; ${hint}`,
      { details: { size, limit: MAX_RECORD_BYTES } },
    );
  }
  return size;
}

function numberSize(value: number): number {
  const [mantissa = ''] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '').replace(/0+$/, '').length || 1;
  return Math.ceil(digits / 2) + 1;
}

/** UTF-8 length without encoding: a lone surrogate is written as U+FFFD (3 bytes). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
