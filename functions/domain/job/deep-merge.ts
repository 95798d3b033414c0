/**
 * Merges `override` into `base` the way FATE merges role parameters over common ones: nested
 * objects merge key by key, anything else (numbers, strings, arrays, null) is replaced whole.
 * Neither input is changed; own keys only, so a key such as "__proto__" stays plain data.
 */
export type JsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepMerge(base: JsonObject, override: JsonObject): JsonObject {
  const result: JsonObject = cloneJson(base);
  for (const [key, value] of Object.entries(override)) {
    const current = Object.hasOwn(result, key) ? result[key] : undefined;
    const merged = isJsonObject(current) && isJsonObject(value) ? deepMerge(current, value) : cloneJson(value);
    Object.defineProperty(result, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

function cloneJson<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}
