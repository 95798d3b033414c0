import { DataError } from '../../functions/domain/errors.js';
import type { BoundTables } from '../../functions/domain/ports/bound-tables.js';
import type { ObjectStore } from '../../functions/domain/ports/object-store.js';
import type { TableStore } from '../../functions/domain/ports/table-store.js';
import type { InputTable } from '../components/component.js';
import { parseCsv } from './csv.js';

export interface TableSources {
  readonly tables: TableStore;
  readonly objects: ObjectStore;
  /** Where a bound table's rows are read (`flow table bind`); without it such a table fails, saying so. */
  readonly bound?: BoundTables;
}

/**
 * A table this party stored by name (`flow data upload`, `table bind`): its record in the
 * TableStore says where the rows are in the object store and how they are split. `at` names the
 * party in errors ("guest 9999"), because a missing table is nearly always one uploaded at the
 * wrong site or under another namespace.
 */
export async function readStoredTable(
  sources: TableSources,
  namespace: string,
  name: string,
  at: string,
): Promise<InputTable> {
  const table = await sources.tables.getTable(namespace, name);
  if (table === undefined) {
    throw new DataError(
      `table ${namespace}.${name} does not exist at ${at}: upload it there first ` +
        `(flow data upload with namespace "${namespace}" and table_name "${name}")`,
      { details: { namespace, name } },
    );
  }
  if (!table.enable) throw new DataError(`table ${namespace}.${name} is disabled at ${at}`);
  const body =
    table.origin === 'table_bind'
      ? await readBound(sources, table.location, table.engine, at)
      : await sources.objects.get(table.location);
  if (body === undefined) {
    throw new DataError(
      `the rows of table ${namespace}.${name} at ${at} are missing from the object store (${table.location})`,
    );
  }
  const csv = new TextDecoder().decode(body);
  const { header, rows } = parseCsv(csv, table.idDelimiter);
  return {
    name: `${namespace}.${name}`,
    header,
    rows,
    csv,
    meta: {
      namespace,
      name,
      count: table.count,
      sid: table.schema.sid,
      delimiter: table.idDelimiter,
      ...(table.schema.meta === undefined ? {} : { schema_meta: table.schema.meta }),
    },
  };
}

/** A bound table's rows, read where their owner keeps them. */
function readBound(sources: TableSources, location: string, engine: string, at: string): Promise<Uint8Array> {
  if (sources.bound === undefined || sources.bound.engine !== engine) {
    throw new DataError(`the table bound to ${location} (engine ${engine}) cannot be read by this runner at ${at}`);
  }
  return sources.bound.read(location);
}
