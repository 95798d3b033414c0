import type * as z from 'zod';

/** The parts of a zod schema's definition that say what is inside it (zod 4's `_zod.def`). */
interface SchemaDef {
  readonly type: string;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
}

const defOf = (schema: z.ZodType): SchemaDef => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;

/** The schemas that a wrapper (optional, default, pipe …) or a union stands for. */
function unwrap(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  if (def.innerType !== undefined) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in !== undefined) return unwrap(def.in);
  if (def.type === 'union' && def.options !== undefined) return def.options.flatMap(unwrap);
  return [schema];
}

/**
 * The keys the object schema at `path` inside `schema` declares (the object a zod
 * `unrecognized_keys` issue is about), or none when the path leads to no declared object.
 */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current = unwrap(schema);
  for (const segment of path) {
    current = current.flatMap((candidate) => {
      const def = defOf(candidate);
      if (typeof segment === 'number') return def.element === undefined ? [] : unwrap(def.element);
      if (def.shape !== undefined) {
        const field = Object.hasOwn(def.shape, segment) ? def.shape[String(segment)] : undefined;
        return field === undefined ? [] : unwrap(field);
      }
      return def.valueType === undefined ? [] : unwrap(def.valueType);
    });
  }
  return [...new Set(current.flatMap((candidate) => Object.keys(defOf(candidate).shape ?? {})))];
}

/** Levenshtein distance: the fewest single-letter insertions, deletions and substitutions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitution));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/**
 * The known key a misspelt one most likely meant: the nearest by edit distance (case ignored),
 * if it is near enough to be a slip — at most a third of the key's letters, and at least 1 — else none.
 */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(key.length / 3));
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}
