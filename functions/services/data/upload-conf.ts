import * as z from 'zod';
import { ArgumentError } from '../../domain/errors.js';
import { describe } from '../../domain/job/party-id.js';
import { isTableName, tableNameRule } from '../../domain/table-names.js';

/**
 * FATE's data upload config (`flow data upload -c upload_conf.json`), as FATE's client sends it:
 * the whole conf as one url-encoded JSON document in the query string (or a JSON body with
 * `use_local_data: 0`). FATE-Flow casts head/partition/drop/extend_sid/auto_increasing_sid with
 * `int()`, so numbers, booleans and digit strings all arrive in the wild; we accept the same.
 */

export interface UploadConf {
  readonly namespace: string;
  readonly tableName: string;
  /** The first line is a header (its first column names the id column). */
  readonly head: boolean;
  readonly partition: number;
  /** The path the user typed; the bytes themselves come as the multipart `file` part. */
  readonly file?: string;
  readonly idDelimiter: string;
  /** Replace an existing table of the same name (FATE's `--drop`, which it turns into `destroy`). */
  readonly drop: boolean;
  readonly extendSid: boolean;
  readonly autoIncreasingSid: boolean;
  readonly blockSize?: number;
  readonly storageEngine?: string;
  readonly withMeta: boolean;
  readonly meta?: Readonly<Record<string, unknown>>;
  readonly useLocalData: boolean;
  readonly confPath?: string;
  readonly verbose: boolean;
  /** Keys we do not interpret (party_id, task_cores, storage_address, …), kept exactly as sent. */
  readonly extra: Readonly<Record<string, unknown>>;
}

type Context = z.core.$RefinementCtx;

function fail(ctx: Context, value: unknown, message: string): never {
  ctx.issues.push({ code: 'custom', input: value, message });
  return z.NEVER;
}

/** Wraps a field reader so that `undefined` is either "missing" (required) or passed on (optional). */
function field<T>(name: string, read: (value: unknown, ctx: Context) => T) {
  return {
    required: z.unknown().transform((value, ctx): T => {
      if (value === undefined || value === null || value === '') return fail(ctx, value, `${name} is required`);
      return read(value, ctx);
    }),
    // `.optional()` outside the transform: zod then lets a missing key through without calling it.
    optional: z
      .unknown()
      .transform((value, ctx): T => read(value, ctx))
      .optional(),
  };
}

const tableName = (name: string) =>
  field(name, (value, ctx) => {
    // FATE's storage-table columns, and segments of the table's object key (see table-names.ts).
    if (isTableName(value)) return value;
    return fail(ctx, value, `${tableNameRule(name)}, got ${describe(value)}`);
  });

/** 0/1, true/false, or their string forms, as FATE's `int()` cast and its client's booleans allow. */
const flag = (name: string) =>
  field(name, (value, ctx) => {
    if (value === true || value === 1 || value === '1' || value === 'true') return true;
    if (value === false || value === 0 || value === '0' || value === 'false') return false;
    return fail(ctx, value, `${name} must be 0 or 1 (or true/false), got ${describe(value)}`);
  });

const positiveInteger = (name: string) =>
  field(name, (value, ctx) => {
    const parsed = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value;
    if (typeof parsed === 'number' && Number.isSafeInteger(parsed) && parsed > 0) return parsed;
    return fail(ctx, value, `${name} must be a positive integer, got ${describe(value)}`);
  });

const optionalString = (name: string) =>
  z.string({ error: (raw) => `${name} must be a string, got ${describe(raw.input)}` }).optional();

const idDelimiter = z
  .string({ error: (raw) => `id_delimiter must be a string such as ",", got ${describe(raw.input)}` })
  .refine((value) => value.length > 0 && !/[\r\n]/.test(value), {
    error: 'id_delimiter must be a non-empty string without line breaks',
  })
  .optional();

const KNOWN = {
  namespace: tableName('namespace').required,
  table_name: tableName('table_name').required,
  head: flag('head').required,
  partition: positiveInteger('partition').required,
  file: optionalString('file'),
  id_delimiter: idDelimiter,
  drop: flag('drop').optional,
  destroy: flag('destroy').optional,
  extend_sid: flag('extend_sid').optional,
  auto_increasing_sid: flag('auto_increasing_sid').optional,
  block_size: positiveInteger('block_size').optional,
  storage_engine: optionalString('storage_engine'),
  with_meta: flag('with_meta').optional,
  meta: z
    .record(z.string(), z.unknown(), { error: (raw) => `meta must be an object, got ${describe(raw.input)}` })
    .optional(),
  use_local_data: flag('use_local_data').optional,
  conf_path: optionalString('conf_path'),
  verbose: flag('verbose').optional,
};

export const uploadConfSchema = z
  .looseObject(KNOWN, { error: (raw) => `must be a JSON object, got ${describe(raw.input)}` })
  .transform((conf): UploadConf => {
    const extra = Object.fromEntries(Object.entries(conf).filter(([key]) => !Object.hasOwn(KNOWN, key)));
    return {
      namespace: conf.namespace,
      tableName: conf.table_name,
      head: conf.head,
      partition: conf.partition,
      ...(conf.file === undefined ? {} : { file: conf.file }),
      idDelimiter: conf.id_delimiter ?? ',',
      // FATE sets destroy from drop and ignores a destroy sent alone; we honour it when drop is absent.
      drop: conf.drop ?? conf.destroy ?? false,
      extendSid: conf.extend_sid ?? false,
      autoIncreasingSid: conf.auto_increasing_sid ?? false,
      ...(conf.block_size === undefined ? {} : { blockSize: conf.block_size }),
      ...(conf.storage_engine === undefined ? {} : { storageEngine: conf.storage_engine }),
      withMeta: conf.with_meta ?? false,
      ...(conf.meta === undefined ? {} : { meta: conf.meta }),
      useLocalData: conf.use_local_data ?? true,
      ...(conf.conf_path === undefined ? {} : { confPath: conf.conf_path }),
      verbose: conf.verbose ?? false,
      extra,
    };
  });

/**
 * Reads an upload conf, or throws an ArgumentError (101) "upload conf: <first problem>" whose
 * message names the field; every problem is in `details.issues`.
 */
export function parseUploadConf(value: unknown): UploadConf {
  const result = uploadConfSchema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((found) => ({ field: found.path.join('.'), message: found.message }));
  const first = issues[0] ?? { field: '', message: 'invalid' };
  throw new ArgumentError(`upload conf: ${first.message}`, { details: { field: first.field, issues } });
}
