/**
 * The data plane's value codec: a TransferValue as UTF-8 JSON, losslessly. JSON values are
 * themselves; a bigint is {"$bigint": "0x<hex>"} (hex: a Paillier ciphertext is ~17 % shorter than
 * in decimal; decimal is read too); a Uint8Array is {"$bytes": "<base64>"}. An object key that
 * starts with "$" is written with one more "$", so no component's object is read back as a marker.
 * What JSON cannot carry exactly is refused, naming where it is: undefined, functions, symbols,
 * NaN and ±Infinity, sparse arrays, cycles, and objects other than plain ones (Date, Map, …).
 * -0 is the one number that comes back changed (as 0), as in JSON.
 */
import { ArgumentError, DataError } from '../../functions/domain/errors.js';
import type { TransferValue } from '../components/component.js';

const BIGINT = '$bigint';
const BYTES = '$bytes';
const DECIMAL = /^-?\d+$/;
const HEX = /^(-?)0x([0-9a-f]+)$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const refuse = (path: string, what: string): never => {
  throw new ArgumentError(
    `${path}: ${what} cannot be sent to another party (send JSON values, bigints and Uint8Arrays)`,
  );
};

/** An own property even for "__proto__", which plain assignment would turn into a prototype change. */
function setOwn<T>(target: { [key: string]: T }, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function toJson(value: unknown, path: string, ancestors: Set<object>): Json {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : refuse(path, String(value));
    case 'bigint':
      return { [BIGINT]: value < 0n ? `-0x${(-value).toString(16)}` : `0x${value.toString(16)}` };
    case 'undefined':
    case 'function':
    case 'symbol':
      return refuse(path, `a ${typeof value}`);
  }
  if (value === null) return null;
  const object = value as object;
  if (object instanceof Uint8Array) return { [BYTES]: Buffer.from(object).toString('base64') };
  if (ancestors.has(object)) return refuse(path, 'a value that contains itself');
  ancestors.add(object);
  try {
    if (Array.isArray(object)) {
      return Array.from({ length: object.length }, (_, index) =>
        index in object ? toJson(object[index], `${path}[${index}]`, ancestors) : refuse(`${path}[${index}]`, 'a hole'),
      );
    }
    if (!isPlainObject(object)) return refuse(path, `a ${object.constructor?.name ?? 'non-plain'} object`);
    const json: { [key: string]: Json } = {};
    for (const [key, entry] of Object.entries(object)) {
      setOwn(json, key.startsWith('$') ? `$${key}` : key, toJson(entry, `${path}.${key}`, ancestors));
    }
    return json;
  } finally {
    ancestors.delete(object);
  }
}

/** The value's bytes on the wire; refuses (ArgumentError) what cannot round-trip. */
export function encodeTransferValue(value: TransferValue): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(toJson(value, 'value', new Set())));
}

const corrupt = (path: string, why: string): never => {
  throw new DataError(`received federation value is corrupt at ${path}: ${why}`);
};

function fromJson(json: Json, path: string): TransferValue {
  if (json === null || typeof json !== 'object') return json;
  if (Array.isArray(json)) return json.map((entry, index) => fromJson(entry, `${path}[${index}]`));
  const keys = Object.keys(json);
  const [only] = keys;
  if (keys.length === 1 && (only === BIGINT || only === BYTES)) {
    const text = json[only];
    if (typeof text !== 'string') return corrupt(path, `${only} is not a string`);
    if (only === BYTES) {
      const bytes = Buffer.from(text, 'base64');
      if (bytes.toString('base64') !== text) return corrupt(path, '$bytes is not canonical base64');
      return new Uint8Array(bytes);
    }
    const hex = HEX.exec(text);
    if (hex !== null) return hex[1] === '-' ? -BigInt(`0x${hex[2]}`) : BigInt(`0x${hex[2]}`);
    return DECIMAL.test(text) ? BigInt(text) : corrupt(path, `$bigint ${JSON.stringify(text)} is not an integer`);
  }
  const value: { [key: string]: TransferValue } = {};
  for (const key of keys) {
    if (key.startsWith('$') && !key.startsWith('$$')) return corrupt(path, `unknown marker ${JSON.stringify(key)}`);
    const name = key.startsWith('$') ? key.slice(1) : key;
    setOwn(value, name, fromJson(json[key] as Json, `${path}.${name}`));
  }
  return value;
}

/** The value back from its bytes; bytes that are not this codec's JSON are a DataError. */
export function decodeTransferValue(bytes: Uint8Array): TransferValue {
  let json: Json;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Json;
  } catch (error) {
    return corrupt('value', error instanceof Error ? error.message : String(error));
  }
  return fromJson(json, 'value');
}
