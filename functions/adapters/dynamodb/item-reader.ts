import { ServerError } from '../../domain/errors.js';
import type { JsonObject } from '../../domain/job/deep-merge.js';
import type { Item } from './operations.js';

/**
 * Reads the attributes of a stored item with their types checked, so a corrupt or foreign item
 * fails loudly (ServerError naming the item and attribute) instead of leaking a wrong type.
 */
export class ItemReader {
  constructor(
    private readonly item: Item,
    private readonly what: string,
  ) {}

  private fail(name: string, expected: string): never {
    throw new ServerError(`stored ${this.what} has no valid ${name} (expected ${expected})`, {
      details: { PK: this.item.PK, SK: this.item.SK, attribute: name },
    });
  }

  raw(name: string): unknown {
    return this.item[name];
  }

  string(name: string): string {
    const value = this.item[name];
    return typeof value === 'string' ? value : this.fail(name, 'a string');
  }

  optionalString(name: string): string | undefined {
    return this.item[name] === undefined ? undefined : this.string(name);
  }

  number(name: string): number {
    const value = this.item[name];
    return typeof value === 'number' && Number.isFinite(value) ? value : this.fail(name, 'a number');
  }

  optionalNumber(name: string): number | undefined {
    return this.item[name] === undefined ? undefined : this.number(name);
  }

  boolean(name: string): boolean {
    const value = this.item[name];
    return typeof value === 'boolean' ? value : this.fail(name, 'a boolean');
  }

  object(name: string): JsonObject {
    const value = this.item[name];
    return isPlainObject(value) ? value : this.fail(name, 'a map');
  }

  array(name: string): unknown[] {
    const value = this.item[name];
    return Array.isArray(value) ? value : this.fail(name, 'a list');
  }

  /** A string that must be one of `values`. */
  oneOf<T extends string>(name: string, guard: (value: unknown) => value is T): T {
    const value = this.item[name];
    return guard(value) ? value : this.fail(name, 'a known value');
  }

  /** A nullable attribute: stored null (or absent) reads as null. */
  nullableString(name: string): string | null {
    const value = this.item[name];
    if (value === undefined || value === null) return null;
    return this.string(name);
  }

  /** A value checked by `guard` (for nested shapes). */
  shaped<T>(name: string, guard: (value: unknown) => value is T, expected: string): T {
    const value = this.item[name];
    return guard(value) ? value : this.fail(name, expected);
  }
}

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copies an object without its undefined properties (optional record fields). */
export function withoutUndefined(value: Record<string, unknown>): Item {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined));
}
