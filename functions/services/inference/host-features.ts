import { ServingCode, ServingError } from '../../domain/inference/serving-codes.js';
import type { TableRecord } from '../../domain/ports/table-store.js';
import type { SiteServices } from '../site-services.js';

export type HostFeaturesDeps = Pick<SiteServices, 'objects' | 'tables' | 'boundTables'>;

/** A host's feature table, indexed by id: its feature names and each row's cells. */
export interface FeatureIndex {
  /** The id column's name (the key a record's sendToRemoteFeatureData names the row by). */
  readonly sid: string;
  readonly features: readonly string[];
  readonly rows: ReadonlyMap<string, readonly string[]>;
}

/** Tables already indexed, per table store (one per site composition), keyed by table and version. */
const cache = new WeakMap<object, Map<string, Promise<FeatureIndex>>>();
const MAX_CACHED_TABLES = 8;

/**
 * The host's table bound to a service, indexed by id once per warm process: a table replaced
 * (uploaded again with drop) is a new record, with a new create time, so a new key.
 */
export async function featureIndex(
  deps: HostFeaturesDeps,
  ref: { readonly namespace: string; readonly name: string },
): Promise<FeatureIndex> {
  const table = await deps.tables.getTable(ref.namespace, ref.name);
  if (table === undefined || !table.enable) {
    throw new ServingError(
      ServingCode.FEATURE_DATA_ADAPTOR_ERROR,
      `the service's feature table ${ref.namespace}.${ref.name} is ${table === undefined ? 'gone' : 'disabled'} at this host`,
    );
  }
  let site = cache.get(deps.tables);
  if (site === undefined) {
    site = new Map();
    cache.set(deps.tables, site);
  }
  const key = `${table.namespace}\u0000${table.name}\u0000${table.createTime}\u0000${table.location}`;
  const cached = site.get(key);
  if (cached !== undefined) return cached;
  const loading = indexTable(deps, table);
  site.set(key, loading);
  loading.catch(() => site.delete(key));
  if (site.size > MAX_CACHED_TABLES) {
    const [oldest] = site.keys();
    if (oldest !== undefined) site.delete(oldest);
  }
  return loading;
}

async function indexTable(deps: HostFeaturesDeps, table: TableRecord): Promise<FeatureIndex> {
  const what = `feature table ${table.namespace}.${table.name}`;
  let body: Uint8Array | undefined;
  if (table.origin === 'table_bind') {
    if (deps.boundTables === undefined || deps.boundTables.engine !== table.engine) {
      throw new ServingError(
        ServingCode.FEATURE_DATA_ADAPTOR_ERROR,
        `${what}: its ${table.engine} rows cannot be read here`,
      );
    }
    body = await deps.boundTables.read(table.location);
  } else {
    body = await deps.objects.get(table.location);
  }
  if (body === undefined)
    throw new ServingError(ServingCode.FEATURE_DATA_ADAPTOR_ERROR, `${what}: its rows are missing`);
  const [head = '', ...lines] = new TextDecoder().decode(body).split(/\r?\n/);
  const [sid = 'id', ...features] = head.split(table.idDelimiter);
  const rows = new Map<string, readonly string[]>();
  for (const line of lines) {
    if (line === '') continue;
    const [id = '', ...cells] = line.split(table.idDelimiter);
    rows.set(id, cells);
  }
  return { sid, features, rows };
}

/** The id a record names its host row by: the table's id column, else FATE-Serving's usual keys. */
export function recordId(index: FeatureIndex, record: Readonly<Record<string, string>>): string | undefined {
  for (const key of [index.sid, 'id', 'device_id']) {
    if (Object.hasOwn(record, key)) return record[key];
  }
  return undefined;
}
