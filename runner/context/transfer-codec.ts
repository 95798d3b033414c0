/**
 * The data plane's value codec: a TransferValue as bytes, losslessly and compactly. The bytes are
 *   version (1 byte, 0x01) · JSON length (4 bytes, big-endian) · UTF-8 JSON · binary section
 * The JSON holds the value's JSON values as themselves, each bigint as {"$bigint": i} and each
 * Uint8Array as {"$bytes": i}, where i numbers its entry in the binary section. Each entry is
 *   kind (1 byte: 0 bytes, 1 a bigint ≥ 0, 2 a bigint < 0) · length (4 bytes, big-endian) · bytes
 * (a bigint's magnitude big-endian, with no leading zero byte; 0 has none). So a Paillier
 * ciphertext travels as its own 256 bytes, not as 512 hex characters in a JSON string: a
 * 320-ciphertext array is about half the bytes it was as JSON alone.
 * An object key that starts with "$" is written with one more "$", so no component's object is
 * read back as a marker. What JSON cannot carry exactly is refused, naming where it is: undefined,
 * functions, symbols, NaN and ±Infinity, sparse arrays, cycles, and objects other than plain ones
 * (Date, Map, …). -0 is the one number that comes back changed (as 0), as in JSON.
 * Decoding refuses (DataError) what this encoder cannot have written: another version, lengths
 * that overrun, a marker whose index is not an entry of its kind or is used twice, an entry no
 * marker uses, a bigint magnitude with a leading zero byte, a negative zero, a number JSON reads
 * as infinite, an entry cut short.
 */
import { ArgumentError, DataError } from '../../functions/domain/errors.js';
import type { TransferValue } from '../components/component.js';

const VERSION = 0x01;
/** The version byte and the JSON's length. */
const HEADER_BYTES = 5;
/** An entry's kind byte and length. */
const ENTRY_HEADER_BYTES = 5;
const BIGINT = '$bigint';
const BYTES = '$bytes';

/** An entry's kind byte. */
const Kind = { Bytes: 0, Positive: 1, Negative: 2 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

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

/** A bigint's magnitude, big-endian, without leading zero bytes (none at all for 0). */
function magnitudeBytes(magnitude: bigint): Uint8Array {
  if (magnitude === 0n) return new Uint8Array();
  const hex = magnitude.toString(16);
  return Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex');
}

interface Entry {
  readonly kind: Kind;
  readonly bytes: Uint8Array;
}

class Encoder {
  readonly entries: Entry[] = [];
  private readonly ancestors = new Set<object>();

  private entry(marker: string, kind: Kind, bytes: Uint8Array): Json {
    this.entries.push({ kind, bytes });
    return { [marker]: this.entries.length - 1 };
  }

  toJson(value: unknown, path: string): Json {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return value;
      case 'number':
        return Number.isFinite(value) ? value : refuse(path, String(value));
      case 'bigint':
        return value < 0n
          ? this.entry(BIGINT, Kind.Negative, magnitudeBytes(-value))
          : this.entry(BIGINT, Kind.Positive, magnitudeBytes(value));
      case 'undefined':
      case 'function':
      case 'symbol':
        return refuse(path, `a ${typeof value}`);
    }
    if (value === null) return null;
    const object = value as object;
    if (object instanceof Uint8Array) return this.entry(BYTES, Kind.Bytes, object);
    if (this.ancestors.has(object)) return refuse(path, 'a value that contains itself');
    this.ancestors.add(object);
    try {
      if (Array.isArray(object)) {
        return Array.from({ length: object.length }, (_, index) =>
          index in object ? this.toJson(object[index], `${path}[${index}]`) : refuse(`${path}[${index}]`, 'a hole'),
        );
      }
      if (!isPlainObject(object)) return refuse(path, `a ${object.constructor?.name ?? 'non-plain'} object`);
      const json: { [key: string]: Json } = {};
      for (const [key, entry] of Object.entries(object)) {
        setOwn(json, key.startsWith('$') ? `$${key}` : key, this.toJson(entry, `${path}.${key}`));
      }
      return json;
    } finally {
      this.ancestors.delete(object);
    }
  }
}

/** The value's bytes on the wire; refuses (ArgumentError) what cannot round-trip. */
export function encodeTransferValue(value: TransferValue): Uint8Array {
  const encoder = new Encoder();
  const json = Buffer.from(JSON.stringify(encoder.toJson(value, 'value')), 'utf8');
  const size = encoder.entries.reduce((sum, entry) => sum + ENTRY_HEADER_BYTES + entry.bytes.byteLength, 0);
  const out = Buffer.allocUnsafe(HEADER_BYTES + json.byteLength + size);
  out.writeUInt8(VERSION, 0);
  out.writeUInt32BE(json.byteLength, 1);
  json.copy(out, HEADER_BYTES);
  let offset = HEADER_BYTES + json.byteLength;
  for (const { kind, bytes } of encoder.entries) {
    out.writeUInt8(kind, offset);
    out.writeUInt32BE(bytes.byteLength, offset + 1);
    out.set(bytes, offset + ENTRY_HEADER_BYTES);
    offset += ENTRY_HEADER_BYTES + bytes.byteLength;
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

const corrupt = (path: string, why: string): never => {
  throw new DataError(`received federation value is corrupt at ${path}: ${why}`);
};

/** The binary section's entries, each checked to be one this encoder writes. */
function readEntries(section: Buffer): Entry[] {
  const entries: Entry[] = [];
  for (let offset = 0; offset < section.byteLength; ) {
    const at = `value (binary entry ${entries.length})`;
    if (section.byteLength - offset < ENTRY_HEADER_BYTES) return corrupt(at, 'its header is cut short');
    const kind = section.readUInt8(offset) as Kind;
    const length = section.readUInt32BE(offset + 1);
    offset += ENTRY_HEADER_BYTES;
    if (kind !== Kind.Bytes && kind !== Kind.Positive && kind !== Kind.Negative) {
      return corrupt(at, `unknown kind ${kind}`);
    }
    if (length > section.byteLength - offset) return corrupt(at, `its ${length} bytes overrun the value`);
    const bytes = section.subarray(offset, offset + length);
    offset += length;
    if (kind !== Kind.Bytes && length > 0 && bytes[0] === 0) {
      return corrupt(at, 'a bigint magnitude with a leading zero byte');
    }
    if (kind === Kind.Negative && length === 0) return corrupt(at, 'a negative zero');
    entries.push({ kind, bytes });
  }
  return entries;
}

class Decoder {
  private readonly used: boolean[];

  constructor(private readonly entries: readonly Entry[]) {
    this.used = entries.map(() => false);
  }

  /** Every entry was taken by exactly one marker. */
  checkAllUsed(): void {
    const unused = this.used.indexOf(false);
    if (unused !== -1) corrupt('value', `binary entry ${unused} is not referred to`);
  }

  private take(marker: string, index: Json, path: string): TransferValue {
    if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0 || index >= this.entries.length) {
      return corrupt(path, `${marker} ${JSON.stringify(index)} is not an entry of the binary section`);
    }
    if (this.used[index]) return corrupt(path, `${marker} ${index} is referred to twice`);
    this.used[index] = true;
    const entry = this.entries[index] as Entry;
    if (marker === BYTES) {
      if (entry.kind !== Kind.Bytes) return corrupt(path, `${marker} ${index} is not a byte array entry`);
      return new Uint8Array(entry.bytes);
    }
    if (entry.kind === Kind.Bytes) return corrupt(path, `${marker} ${index} is not a bigint entry`);
    const magnitude = entry.bytes.byteLength === 0 ? 0n : BigInt(`0x${Buffer.from(entry.bytes).toString('hex')}`);
    return entry.kind === Kind.Negative ? -magnitude : magnitude;
  }

  fromJson(json: Json, path: string): TransferValue {
    if (typeof json === 'number' && !Number.isFinite(json)) return corrupt(path, `${json} is not a finite number`);
    if (json === null || typeof json !== 'object') return json;
    if (Array.isArray(json)) return json.map((entry, index) => this.fromJson(entry, `${path}[${index}]`));
    const keys = Object.keys(json);
    const [only] = keys;
    if (keys.length === 1 && (only === BIGINT || only === BYTES)) return this.take(only, json[only] as Json, path);
    const value: { [key: string]: TransferValue } = {};
    for (const key of keys) {
      if (key.startsWith('$') && !key.startsWith('$$')) return corrupt(path, `unknown marker ${JSON.stringify(key)}`);
      const name = key.startsWith('$') ? key.slice(1) : key;
      setOwn(value, name, this.fromJson(json[key] as Json, `${path}.${name}`));
    }
    return value;
  }
}

/** The value back from its bytes; bytes that are not this codec's are a DataError. */
export function decodeTransferValue(bytes: Uint8Array): TransferValue {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.byteLength < HEADER_BYTES) return corrupt('value', `${buffer.byteLength} bytes are too few for a header`);
  const version = buffer.readUInt8(0);
  if (version !== VERSION) return corrupt('value', `unknown version ${version}`);
  const jsonLength = buffer.readUInt32BE(1);
  if (jsonLength > buffer.byteLength - HEADER_BYTES) {
    return corrupt('value', `its JSON of ${jsonLength} bytes overruns the value`);
  }
  let json: Json;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(
      buffer.subarray(HEADER_BYTES, HEADER_BYTES + jsonLength),
    );
    json = JSON.parse(text) as Json;
  } catch (error) {
    return corrupt('value', error instanceof Error ? error.message : String(error));
  }
  const decoder = new Decoder(readEntries(buffer.subarray(HEADER_BYTES + jsonLength)));
  const value = decoder.fromJson(json, 'value');
  decoder.checkAllUsed();
  return value;
}
