import { FederatedError } from '../../functions/domain/errors.js';
import type { TransferValue } from './component.js';

/**
 * Checks of what a peer sent, shared by the components that exchange values. A value of the wrong
 * shape is a broken or hostile peer: fail naming the tag, never compute on it.
 */
type Record_ = { readonly [key: string]: TransferValue };

function fail(what: string, expected: string, value: TransferValue): never {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  throw new FederatedError(`${what}: expected ${expected}, received ${got}`);
}

export function asRecord(value: TransferValue, what: string): Record_ {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
    return fail(what, 'an object', value);
  }
  return value as Record_;
}

export function asBigInt(value: TransferValue | undefined, what: string): bigint {
  if (typeof value !== 'bigint') return fail(what, 'a bigint', value ?? null);
  return value;
}

export function asNumber(value: TransferValue | undefined, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail(what, 'a finite number', value ?? null);
  return value;
}

export function asString(value: TransferValue | undefined, what: string): string {
  if (typeof value !== 'string') return fail(what, 'a string', value ?? null);
  return value;
}

export function asBoolean(value: TransferValue | undefined, what: string): boolean {
  if (typeof value !== 'boolean') return fail(what, 'a boolean', value ?? null);
  return value;
}

export function asBytes(value: TransferValue | undefined, what: string): Uint8Array {
  if (!(value instanceof Uint8Array)) return fail(what, 'bytes', value ?? null);
  return value;
}

function asArray(value: TransferValue | undefined, what: string, length?: number): readonly TransferValue[] {
  if (!Array.isArray(value)) return fail(what, 'an array', value ?? null);
  const list = value as readonly TransferValue[];
  if (length !== undefined && list.length !== length) {
    throw new FederatedError(`${what}: expected ${length} values, received ${list.length}`);
  }
  return list;
}

export function asBigIntArray(value: TransferValue | undefined, what: string, length?: number): bigint[] {
  return asArray(value, what, length).map((item, i) => asBigInt(item, `${what}[${i}]`));
}

export function asNumberArray(value: TransferValue | undefined, what: string, length?: number): number[] {
  return asArray(value, what, length).map((item, i) => asNumber(item, `${what}[${i}]`));
}

export function asStringArray(value: TransferValue | undefined, what: string, length?: number): string[] {
  return asArray(value, what, length).map((item, i) => asString(item, `${what}[${i}]`));
}

/** Row indices into a table of `rows` rows: integers in range, each at most once. */
export function asRowIndices(value: TransferValue | undefined, what: string, rows: number): number[] {
  const indices = asNumberArray(value, what);
  const seen = new Set<number>();
  for (const index of indices) {
    if (!Number.isInteger(index) || index < 0 || index >= rows || seen.has(index)) {
      throw new FederatedError(`${what}: ${index} is not a row of this party's ${rows}-row table, or is repeated`);
    }
    seen.add(index);
  }
  return indices;
}
