import * as z from 'zod';
import { AppError, ArgumentError, DataError, RetCode } from '../../domain/errors.js';
import { parseOrThrow } from '../../domain/job/zod-errors.js';
import type { TableRecord } from '../../domain/ports/table-store.js';
import { isTableName, tableNameRule } from '../../domain/table-names.js';
import type { SiteServices } from '../site-services.js';

const name = (field: string) =>
  z.string({ error: `${field} is required and must be a string` }).refine(isTableName, { error: tableNameRule(field) });

/** 0/1 or true/false, as FATE's client sends its flags. */
const flag = (field: string) =>
  z
    .union([z.literal(0), z.literal(1), z.boolean()], { error: `${field} must be 0 or 1 (or true/false)` })
    .transform((value) => value === 1 || value === true);

/**
 * FATE's `/v1/table/bind` body (`table_app.py`): what this site binds. FATE's other engines
 * (EGGROLL, HDFS, MYSQL, HIVE …) and its sid extension are not built here and are refused by name.
 */
const bindRequest = z.looseObject({
  engine: z.string({ error: 'engine is required and must be a string' }),
  address: z.looseObject(
    { path: z.string({ error: 'address.path is required and must be a string' }) },
    { error: 'address is required and must be an object such as {"path": …}' },
  ),
  namespace: name('namespace'),
  name: name('name'),
  head: flag('head').default(true),
  id_delimiter: z
    .string({ error: 'id_delimiter must be a string such as ","' })
    .refine((value) => value.length > 0 && !/[\r\n]/.test(value), {
      error: 'id_delimiter must be a non-empty string without line breaks',
    })
    .default(','),
  partitions: z
    .number({ error: 'partitions must be a positive integer' })
    .int({ error: 'partitions must be a positive integer' })
    .min(1, { error: 'partitions must be a positive integer' })
    .max(1024, { error: 'partitions may be at most 1024' })
    .default(1),
  drop: flag('drop').default(false),
  id_column: z.string({ error: 'id_column must be a string' }).optional(),
  extend_sid: flag('extend_sid').default(false),
});

export type BindTableDeps = Pick<SiteServices, 'clock' | 'objects' | 'tables'> &
  Partial<Pick<SiteServices, 'boundTables'>>;

/**
 * FATE's `table bind` / `table add`: a table whose rows stay where their owner keeps them (a file
 * on a local site's machine, an S3 object in AWS), read there by each Reader that names it. The
 * rows are read once here, as FATE checks the address: the first line names the columns (the id
 * first), the rest are counted. Everything is checked before the one write.
 */
export async function bindTable(
  services: BindTableDeps,
  body: unknown,
): Promise<{ table_name: string; namespace: string }> {
  const request = parseOrThrow(bindRequest, body ?? {}, 'request');
  const bound = services.boundTables;
  if (bound === undefined) throw new ArgumentError('engine: this site binds no tables');
  if (request.engine.toUpperCase() !== bound.engine) {
    throw new ArgumentError(`engine: this site binds ${bound.engine} tables, not ${request.engine}`);
  }
  if (!request.head) throw new ArgumentError("head: a bound table's first line must name its columns (head 1)");
  if (request.extend_sid) throw new ArgumentError('extend_sid: not supported for a bound table');
  const location = request.address.path;
  const wrongPlace = bound.checkLocation(location);
  if (wrongPlace !== undefined) throw new ArgumentError(wrongPlace);
  const existing = await services.tables.getTable(request.namespace, request.name);
  if (existing !== undefined && !request.drop) throw alreadyExists(request.namespace, request.name);
  const lines = new TextDecoder()
    .decode(await bound.read(location))
    .split(/\r?\n/)
    .filter((line) => line !== '');
  const [headLine, ...rows] = lines;
  if (headLine === undefined) throw new DataError(`${location} is empty: a bound table's first line names its columns`);
  const [sid = '', ...features] = headLine.split(request.id_delimiter);
  if (request.id_column !== undefined && request.id_column !== sid) {
    throw new ArgumentError(`id_column: "${request.id_column}" is not the first column of ${location} ("${sid}")`);
  }
  const table: TableRecord = {
    namespace: request.namespace,
    name: request.name,
    count: rows.length,
    partitions: request.partitions,
    schema: { header: features.join(request.id_delimiter), sid },
    idDelimiter: request.id_delimiter,
    location,
    engine: bound.engine,
    origin: 'table_bind',
    enable: true,
    extendSid: false,
    jobId: '',
    createTime: services.clock(),
  };
  // Without drop, a table stored meanwhile by another request wins: the write is conditional.
  if ((await services.tables.putTable(table, { replace: request.drop })) === 'exists') {
    throw alreadyExists(request.namespace, request.name);
  }
  // A replaced upload's rows were the site's own copy: they go with it. A bound table's stay with their owner.
  if (existing !== undefined && existing.origin !== 'table_bind') await services.objects.delete(existing.location);
  return { table_name: table.name, namespace: table.namespace };
}

/** FATE answers 100 for a bind over an existing table without drop. */
function alreadyExists(namespace: string, name: string): AppError {
  return new AppError(
    RetCode.EXCEPTION_ERROR,
    409,
    `table ${namespace}.${name} already exists; bind with drop: 1 to replace it`,
  );
}
