/** TableRecord ⟷ item, and the job's reference item that lists a table under its job. */
import type { TableRecord, TableSchema } from '../../domain/ports/table-store.js';
import { ItemReader, isPlainObject, withoutUndefined } from './item-reader.js';
import { tableItemKey, tableRefItemKey } from './keys.js';
import type { Item } from './operations.js';

export const TABLE_ITEM_TYPE = 'table';
export const TABLE_REF_ITEM_TYPE = 'tableRef';

const ORIGINS = ['upload', 'table_bind', 'output'] as const;
const isOrigin = (value: unknown): value is TableRecord['origin'] =>
  typeof value === 'string' && (ORIGINS as readonly string[]).includes(value);

function isSchema(value: unknown): value is TableSchema {
  return (
    isPlainObject(value) &&
    typeof value.header === 'string' &&
    typeof value.sid === 'string' &&
    (value.meta === undefined || isPlainObject(value.meta))
  );
}

export function toTableItem(table: TableRecord): Item {
  return {
    ...tableItemKey(table.namespace, table.name),
    type: TABLE_ITEM_TYPE,
    namespace: table.namespace,
    name: table.name,
    count: table.count,
    partitions: table.partitions,
    schema: withoutUndefined({ header: table.schema.header, sid: table.schema.sid, meta: table.schema.meta }),
    idDelimiter: table.idDelimiter,
    location: table.location,
    engine: table.engine,
    origin: table.origin,
    enable: table.enable,
    extendSid: table.extendSid,
    jobId: table.jobId,
    createTime: table.createTime,
  };
}

export function toTableRefItem(table: Pick<TableRecord, 'jobId' | 'namespace' | 'name'>): Item {
  return {
    ...tableRefItemKey(table.jobId, table.namespace, table.name),
    type: TABLE_REF_ITEM_TYPE,
    namespace: table.namespace,
    name: table.name,
  };
}

export function fromTableItem(item: Item): TableRecord {
  const read = new ItemReader(item, 'table');
  const schema = read.shaped('schema', isSchema, '{header, sid, meta?}');
  return {
    namespace: read.string('namespace'),
    name: read.string('name'),
    count: read.number('count'),
    partitions: read.number('partitions'),
    schema: {
      header: schema.header,
      sid: schema.sid,
      ...(schema.meta === undefined ? {} : { meta: schema.meta }),
    },
    idDelimiter: read.string('idDelimiter'),
    location: read.string('location'),
    engine: read.string('engine'),
    origin: read.oneOf('origin', isOrigin),
    enable: read.boolean('enable'),
    extendSid: read.boolean('extendSid'),
    jobId: read.string('jobId'),
    createTime: read.number('createTime'),
  };
}

export function fromTableRefItem(item: Item): { readonly namespace: string; readonly name: string } {
  const read = new ItemReader(item, 'table reference');
  return { namespace: read.string('namespace'), name: read.string('name') };
}
