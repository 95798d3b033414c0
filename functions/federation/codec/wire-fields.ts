import { ArgumentError } from '../../domain/errors.js';
import { isJobId, MAX_TASK_VERSION } from '../../domain/ids.js';
import { isJsonObject, type JsonObject } from '../../domain/job/deep-merge.js';

/**
 * Field-level checks shared by the envelope and reply codecs. Every problem is an ArgumentError
 * whose message starts with the protobuf path of the field (`envelope.source.party_id: ...`) and
 * whose `details.field` is that path, so a receiver can answer FATE's retcode 101 and say why.
 */

/** Largest party id FATE (and `partyIdSchema`) accepts: 32-bit signed. */
export const MAX_PARTY_ID = 2_147_483_647;
const MAX_UINT32 = 4_294_967_295;

/**
 * The latest epoch millisecond a time field may carry: times are 15-digit segments of the store's
 * keys (year 33658), and a larger value could not be stored.
 */
export const MAX_TIME_MS = 999_999_999_999_999;

export function fieldError(field: string, problem: string, cause?: unknown): ArgumentError {
  return new ArgumentError(`${field}: ${problem}`, { details: { field }, cause });
}

/** A domain integer (milliseconds, sizes, party ids) as a protobuf int64. */
export function toWireInt64(field: string, value: number, max: number = Number.MAX_SAFE_INTEGER): bigint {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw fieldError(field, `must be an integer from 0 to ${max}, got ${show(value)}`);
  }
  return BigInt(value);
}

/** A protobuf int64 back to a domain integer; negative or imprecise values are refused. */
export function fromWireInt64(field: string, value: bigint, max: number = Number.MAX_SAFE_INTEGER): number {
  if (value < 0n || value > BigInt(max)) {
    throw fieldError(field, `must be an integer from 0 to ${max}, got ${value}`);
  }
  return Number(value);
}

/** A domain integer as a protobuf uint32, at most `max` (decoding checks the same bound). */
export function toWireUint32(field: string, value: number, max: number = MAX_UINT32): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw fieldError(field, `must be an integer from 0 to ${max}, got ${show(value)}`);
  }
  return value;
}

/** A protobuf uint32 task version, bounded by the store's 6-digit key segment. */
export function fromWireTaskVersion(field: string, value: number): number {
  if (value > MAX_TASK_VERSION)
    throw fieldError(field, `must be an integer from 0 to ${MAX_TASK_VERSION}, got ${value}`);
  return value;
}

/**
 * A job id as the site makes them (21 digits): it becomes a key segment, a folder name and a
 * query parameter, so anything else (`../`, NUL, spaces, `#`, a long string) is refused here,
 * before any of those.
 */
export function requireJobId(field: string, value: string): string {
  if (value.length === 0) throw fieldError(field, 'is empty');
  if (!isJobId(value)) throw fieldError(field, `must be a job id of 21 digits, got ${preview(value)}`);
  return value;
}

export function requireText(field: string, value: string): string {
  if (value.length === 0) throw fieldError(field, 'is empty');
  return value;
}

/** JSON text of a value; `undefined`, functions, bigints and cycles are refused. */
export function toJsonText(field: string, value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw fieldError(field, `cannot be written as JSON: ${messageOf(error)}`, error);
  }
  if (text === undefined) throw fieldError(field, `cannot be written as JSON: ${typeof value}`);
  return text;
}

export function parseJsonText(field: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw fieldError(field, `is not valid JSON: ${messageOf(error)}`, error);
  }
}

export function parseJsonObject(field: string, text: string): JsonObject {
  const value = parseJsonText(field, text);
  if (!isJsonObject(value)) throw fieldError(field, `must be a JSON object, got ${jsonKind(value)}`);
  return value;
}

/** The message of anything thrown; not `instanceof Error`, which fails for errors from another realm. */
export function messageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    return error.message;
  }
  return String(error);
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/** A refused value, quoted and cut short (its control characters escaped by JSON). */
function preview(value: string): string {
  const shown = JSON.stringify(value.slice(0, 32));
  return value.length > 32 ? `${shown}… (${value.length} characters)` : shown;
}

function show(value: unknown): string {
  return typeof value === 'number' ? String(value) : `${typeof value} ${String(value)}`;
}
