import { AppError, ArgumentError, RetCode, ServerError } from '../../domain/errors.js';
import { assertStorableDocument } from '../../domain/json-document.js';
import type { TableRecord } from '../../domain/ports/table-store.js';
import { assertRecordFits } from '../../domain/records/stored-size.js';
import { type SiteLinks, siteLinks } from '../site-links.js';
import type { SiteServices } from '../site-services.js';
import { CsvTableStream } from './csv-table-stream.js';
import { parseUploadConf } from './upload-conf.js';
import { type UploadRecords, uploadRecords } from './upload-records.js';

export { UPLOAD_COMPONENT } from './upload-records.js';

export interface UploadResult extends SiteLinks {
  readonly job_id: string;
  readonly namespace: string;
  readonly table_name: string;
  readonly count: number;
  readonly model_info: { readonly model_id: string; readonly model_version: string };
}

export type UploadTableDeps = Pick<
  SiteServices,
  'clock' | 'jobs' | 'newJobId' | 'objects' | 'site' | 'tables' | 'tracking'
>;

/**
 * FATE's `data upload`: check the conf, the columns and the records they make first, then stream
 * the rows to the object store, checking each line on the way (a bad line ends the write and
 * nothing is stored: the object appears only once every line has passed), register the table (the
 * gate: a table of the same name is refused unless the conf says `drop`), record the upload job
 * and its output, and finish the job. A failure after the rows are written undoes the rows and the
 * table. The file may be bytes (a direct upload, under the API's body limit) or a stream (a staged
 * upload of any size): either is read a line at a time.
 */
export async function uploadTable(
  services: UploadTableDeps,
  confInput: unknown,
  file: Uint8Array | AsyncIterable<Uint8Array> | undefined,
): Promise<UploadResult> {
  const conf = parseUploadConf(confInput);
  if (!conf.useLocalData) {
    throw new ArgumentError(
      'upload conf: use_local_data 0 would read a file on the server; send the file itself (use_local_data 1)',
    );
  }
  if (file === undefined) throw new ArgumentError('upload: the multipart part "file" with the table is missing');
  if (conf.withMeta && conf.meta !== undefined) assertStorableDocument(conf.meta, 'upload conf: meta');
  const existing = await services.tables.getTable(conf.namespace, conf.tableName);
  if (existing !== undefined && !conf.drop) throw alreadyExists(conf.namespace, conf.tableName);

  const jobId = services.newJobId();
  const table = new CsvTableStream(isBytes(file) ? [file] : file, {
    head: conf.head,
    idDelimiter: conf.idDelimiter,
    extendSid: conf.extendSid,
    ...(conf.autoIncreasingSid ? {} : { sidPrefix: jobId }),
  });
  const now = services.clock();
  const partyId = services.site.partyId;
  const location = `tables/${conf.namespace}/${conf.tableName}/${jobId}.csv`;
  const recordsOf = (count: number) =>
    uploadRecords({
      jobId,
      partyId,
      conf,
      table: { ...columns, count },
      location,
      engine: services.site.objectEngine,
      now,
    });
  // The records' size depends on the columns, known from the first line, and on the count's digits:
  // checked at the largest count, so that no row is written for records that could not be stored.
  const columns = await table.columns();
  const hint = 'upload fewer or shorter columns, or a smaller meta';
  const largest = recordsOf(Number.MAX_SAFE_INTEGER);
  assertRecordFits(largest.table, `table ${conf.namespace}.${conf.tableName}`, hint);
  assertRecordFits(largest.output, `the output of upload ${jobId}`, hint);

  // The rows are checked as they stream; the first bad line ends the write with nothing stored.
  await services.objects.putStream(location, table.rows(), 'text/csv');
  const { count } = table.summary();
  const records = recordsOf(count);
  await storeTable(services, records.table, conf.drop);
  await recordUploadJob(services, records, existing);
  if (existing !== undefined && existing.location !== location) await services.objects.delete(existing.location);
  return {
    job_id: jobId,
    namespace: conf.namespace,
    table_name: conf.tableName,
    count,
    ...siteLinks(services.site, jobId),
    model_info: { model_id: `local-${partyId}#model`, model_version: jobId },
  };
}

/**
 * Registers the table over rows already written. If another upload of the same name won the race
 * since we looked, or the store fails, the rows are deleted again, so a refused or failed upload
 * leaves no object behind.
 */
async function storeTable(
  services: Pick<SiteServices, 'objects' | 'tables'>,
  table: TableRecord,
  drop: boolean,
): Promise<void> {
  let stored: 'stored' | 'exists';
  try {
    stored = await services.tables.putTable(table, { replace: drop });
  } catch (error) {
    await services.objects.delete(table.location);
    throw error;
  }
  if (stored === 'exists') {
    await services.objects.delete(table.location);
    throw alreadyExists(table.namespace, table.name);
  }
}

/**
 * The upload as FATE shows it: a one-party job whose task ran and succeeded. If recording it fails,
 * the table goes back to what it was (the replaced one, or none) and the rows are deleted; the job,
 * when it was created, is marked failed with the error.
 */
async function recordUploadJob(
  services: Pick<SiteServices, 'clock' | 'jobs' | 'objects' | 'tables' | 'tracking'>,
  records: UploadRecords,
  replaced: TableRecord | undefined,
): Promise<void> {
  const { job, task, table, output } = records;
  const now = job.createTime;
  let created = false;
  try {
    created = (await services.jobs.createJob(job, [task])) === 'created';
    await services.jobs.updateJobStatus(job, 'running', { startTime: now });
    await services.jobs.updateTaskPartyStatus(task, 'running', { startTime: now });
    await services.jobs.updateTaskStatus(task, 'running');
    await services.tracking.putOutput(output);
    const end = services.clock();
    await services.jobs.updateTaskPartyStatus(task, 'success', { endTime: end, elapsed: end - now });
    await services.jobs.updateTaskStatus(task, 'success');
    await services.jobs.updateJobStatus(job, 'success', {
      endTime: end,
      elapsed: end - now,
      progress: 100,
      tag: 'job_end',
    });
  } catch (error) {
    try {
      await undoTable(services, table, replaced);
      if (created) {
        const failedAt = services.clock();
        await services.jobs.updateTaskPartyStatus(task, 'failed', { endTime: failedAt, errorReport: String(error) });
        await services.jobs.updateTaskStatus(task, 'failed');
        await services.jobs.updateJobStatus(job, 'failed', {
          endTime: failedAt,
          elapsed: failedAt - now,
          tag: 'job_end',
        });
      }
    } catch (undoError) {
      throw new ServerError(`upload ${job.jobId} failed and could not be undone: ${String(undoError)}`, {
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * Puts back the table this upload replaced (or removes the one it added), unless another upload has
 * replaced it since, and deletes this upload's rows.
 */
async function undoTable(
  services: Pick<SiteServices, 'objects' | 'tables'>,
  table: TableRecord,
  replaced: TableRecord | undefined,
): Promise<void> {
  const current = await services.tables.getTable(table.namespace, table.name);
  if (current?.jobId === table.jobId) {
    if (replaced === undefined) await services.tables.deleteTable(table.namespace, table.name);
    else await services.tables.putTable(replaced, { replace: true });
  }
  await services.objects.delete(table.location);
}

function isBytes(file: Uint8Array | AsyncIterable<Uint8Array>): file is Uint8Array {
  return file instanceof Uint8Array;
}

/** FATE answers 100 for an upload over an existing table without drop. */
function alreadyExists(namespace: string, name: string): AppError {
  return new AppError(
    RetCode.EXCEPTION_ERROR,
    409,
    `table ${namespace}.${name} already exists; upload with --drop (drop: 1) to replace it`,
  );
}
