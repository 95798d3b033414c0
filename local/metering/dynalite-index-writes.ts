/**
 * Global secondary index write units, which DynamoDB bills on top of the table's but dynalite does
 * not report. dynalite maintains its indexes in one function, `db.updateIndexes(store, table, old,
 * new)`, called under the item's lock by every put, update and delete — the site's and its task
 * runners' alike, as they all write to the one dynalite server. Wrapping it gives the exact old and
 * new item, from which the units follow by DynamoDB's rules (Developer Guide, "Provisioned
 * throughput considerations for global secondary indexes"):
 * - an item enters an index (its index keys appear): one write of the new index entry;
 * - it leaves (keys removed, item deleted): one write (the delete) of the old entry;
 * - its index key changes: a delete and a write;
 * - its keys stay and a projected attribute changes: one write; nothing projected changes: none.
 * An entry's size is its projected attributes (keys included) in 1 KB units, as for table writes.
 */
import { createRequire } from 'node:module';

type AttributeMap = Record<string, unknown>;

interface IndexSchema {
  readonly IndexName: string;
  readonly KeySchema: ReadonlyArray<{ readonly AttributeName: string }>;
  readonly Projection: { readonly ProjectionType?: string; readonly NonKeyAttributes?: readonly string[] };
}

interface TableSchema {
  readonly KeySchema: ReadonlyArray<{ readonly AttributeName: string }>;
  readonly GlobalSecondaryIndexes?: readonly IndexSchema[];
}

interface DynaliteDb {
  updateIndexes: (store: { options: object }, table: TableSchema, old: unknown, item: unknown, cb: unknown) => void;
  itemSize: (item: AttributeMap) => number;
}

const db = createRequire(import.meta.url)('dynalite/db/index.js') as DynaliteDb;

interface Registry {
  /** Each dynalite server's options object (dynalite keeps it as `store.options`) → where its units go. */
  readonly sinks: WeakMap<object, (units: number) => void>;
  wrapped: boolean;
}

// On globalThis: dynalite's module is one per process, while this module may be loaded more than
// once (jest's module registry per test file); the wrapper must be installed once.
const REGISTRY = Symbol.for('fate-flow.dynalite-index-meter');
const holder = globalThis as typeof globalThis & { [REGISTRY]?: Registry };
holder[REGISTRY] ??= { sinks: new WeakMap(), wrapped: false };
const registry: Registry = holder[REGISTRY];

/** Counts the index write units of the dynalite server started with `serverOptions` (before it starts). */
export function meterIndexWrites(serverOptions: object, add: (units: number) => void): void {
  registry.sinks.set(serverOptions, add);
  if (registry.wrapped) return;
  registry.wrapped = true;
  const original = db.updateIndexes;
  db.updateIndexes = (store, table, old, item, cb) => {
    const sink = registry.sinks.get(store.options);
    if (sink !== undefined) sink(indexWriteUnits(table, asItem(old), asItem(item)));
    original(store, table, old, item, cb);
  };
}

function asItem(value: unknown): AttributeMap | undefined {
  return typeof value === 'object' && value !== null ? (value as AttributeMap) : undefined;
}

/** The write units DynamoDB bills the table's global secondary indexes for one item write. */
export function indexWriteUnits(table: TableSchema, old: AttributeMap | undefined, item: AttributeMap | undefined) {
  let units = 0;
  const tableKeys = table.KeySchema.map((key) => key.AttributeName);
  for (const index of table.GlobalSecondaryIndexes ?? []) {
    const keys = index.KeySchema.map((key) => key.AttributeName);
    const before = entryOf(index, keys, tableKeys, old);
    const after = entryOf(index, keys, tableKeys, item);
    if (before === undefined && after === undefined) continue;
    if (before === undefined || after === undefined) {
      units += sizeUnits((after ?? before) as AttributeMap);
    } else if (keys.some((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))) {
      units += sizeUnits(before) + sizeUnits(after);
    } else if (JSON.stringify(sorted(before)) !== JSON.stringify(sorted(after))) {
      units += Math.max(sizeUnits(before), sizeUnits(after));
    }
  }
  return units;
}

/** The item's entry in the index (its projection), or undefined when it has not every index key. */
function entryOf(
  index: IndexSchema,
  keys: readonly string[],
  tableKeys: readonly string[],
  item: AttributeMap | undefined,
): AttributeMap | undefined {
  if (item === undefined || keys.some((key) => item[key] === undefined)) return undefined;
  if (index.Projection.ProjectionType === 'ALL') return item;
  const names = [...keys, ...tableKeys, ...(index.Projection.NonKeyAttributes ?? [])];
  return Object.fromEntries(names.filter((name) => item[name] !== undefined).map((name) => [name, item[name]]));
}

function sizeUnits(entry: AttributeMap): number {
  return Math.max(1, Math.ceil(db.itemSize(entry) / 1024));
}

function sorted(entry: AttributeMap): Array<[string, unknown]> {
  return Object.entries(entry).sort(([a], [b]) => a.localeCompare(b));
}
