import { AppError, ArgumentError, RetCode } from '../../domain/errors.js';
import { taskId } from '../../domain/ids.js';
import type { JobRecord } from '../../domain/records/job-record.js';
import type { TaskRecord } from '../../domain/records/task-record.js';
import type { SiteServices } from '../site-services.js';
import { readCsvTable } from './csv-table.js';
import { parseUploadConf } from './upload-conf.js';

/** FATE runs an upload as a one-party `local` job with one component, `upload_0`. */
export const UPLOAD_COMPONENT = 'upload_0';

export interface UploadResult {
  readonly job_id: string;
  readonly namespace: string;
  readonly table_name: string;
  readonly count: number;
  readonly board_url: string;
  readonly logs_directory: string;
  readonly model_info: { readonly model_id: string; readonly model_version: string };
}

/**
 * FATE's `data upload`: check the conf and the CSV first (nothing is stored on any error), then
 * record the upload job, write the rows to the object store, register the table and the job's
 * output, and finish the job. An existing table is kept unless the conf says `drop`.
 */
export async function uploadTable(
  services: SiteServices,
  confInput: unknown,
  file: Uint8Array | undefined,
): Promise<UploadResult> {
  const conf = parseUploadConf(confInput);
  if (!conf.useLocalData) {
    throw new ArgumentError(
      'upload conf: use_local_data 0 would read a file on the server; send the file itself (use_local_data 1)',
    );
  }
  if (file === undefined) throw new ArgumentError('upload: the multipart part "file" with the table is missing');
  const existing = await services.tables.getTable(conf.namespace, conf.tableName);
  if (existing !== undefined && !conf.drop) {
    throw alreadyExists(conf.namespace, conf.tableName);
  }
  const jobId = services.newJobId();
  const table = readCsvTable(file, {
    head: conf.head,
    idDelimiter: conf.idDelimiter,
    extendSid: conf.extendSid,
    ...(conf.autoIncreasingSid ? {} : { sidPrefix: jobId }),
  });

  const now = services.clock();
  const partyId = services.site.partyId;
  const location = `tables/${conf.namespace}/${conf.tableName}/${jobId}.csv`;
  const job = uploadJob(jobId, partyId, conf, now);
  const task = uploadTask(job, conf, now);
  await services.jobs.createJob(job, [task]);
  await services.jobs.updateJobStatus(job, 'running', { startTime: now });
  await services.jobs.updateTaskPartyStatus(task, 'running', { startTime: now });

  try {
    await services.objects.put(location, table.rows, 'text/csv');
    const stored = await services.tables.putTable(
      {
        namespace: conf.namespace,
        name: conf.tableName,
        count: table.count,
        partitions: conf.partition,
        schema: {
          header: table.header.join(conf.idDelimiter),
          sid: table.sid,
          ...(conf.withMeta && conf.meta ? { meta: conf.meta } : {}),
        },
        idDelimiter: conf.idDelimiter,
        location,
        engine: services.site.objectEngine,
        origin: 'upload',
        enable: true,
        extendSid: conf.extendSid,
        jobId,
        createTime: now,
      },
      { replace: conf.drop },
    );
    if (stored === 'exists') {
      // Another upload of the same name won the race since we looked.
      await services.objects.delete(location);
      throw alreadyExists(conf.namespace, conf.tableName);
    }
    if (existing !== undefined && existing.location !== location) await services.objects.delete(existing.location);
    await services.tracking.putOutput({
      jobId,
      component: UPLOAD_COMPONENT,
      role: 'local',
      partyId,
      kind: 'data',
      name: 'data',
      location,
      meta: { header: [table.sid, ...table.header], total: table.count, sid: table.sid, delimiter: conf.idDelimiter },
      createTime: now,
    });
  } catch (error) {
    const failedAt = services.clock();
    await services.jobs.updateTaskPartyStatus(task, 'failed', { endTime: failedAt, errorReport: String(error) });
    await services.jobs.updateJobStatus(job, 'failed', { endTime: failedAt, elapsed: failedAt - now, tag: 'job_end' });
    throw error;
  }

  const end = services.clock();
  await services.jobs.updateTaskPartyStatus(task, 'success', { endTime: end, elapsed: end - now });
  await services.jobs.updateTaskStatus(task, 'success');
  await services.jobs.updateJobStatus(job, 'success', {
    endTime: end,
    elapsed: end - now,
    progress: 100,
    tag: 'job_end',
  });
  return {
    job_id: jobId,
    namespace: conf.namespace,
    table_name: conf.tableName,
    count: table.count,
    board_url: `${services.site.boardUrl}?job_id=${jobId}&role=local&party_id=${partyId}`,
    logs_directory: `logs/${jobId}`,
    model_info: { model_id: `local-${partyId}#model`, model_version: jobId },
  };
}

function uploadJob(jobId: string, partyId: number, conf: ReturnType<typeof parseUploadConf>, now: number): JobRecord {
  const runtimeConf = {
    dsl_version: 2,
    initiator: { role: 'local', party_id: partyId },
    role: { local: [partyId] },
    component_parameters: {
      role: {
        local: { '0': { [UPLOAD_COMPONENT]: { namespace: conf.namespace, name: conf.tableName, head: conf.head } } },
      },
    },
  };
  return {
    jobId,
    role: 'local',
    partyId,
    initiatorRole: 'local',
    initiatorPartyId: partyId,
    isInitiator: true,
    status: 'waiting',
    jobType: 'train',
    roles: { local: [partyId] },
    dsl: { components: { [UPLOAD_COMPONENT]: { module: 'Upload', output: { data: ['data'] } } } },
    runtimeConf,
    runtimeConfOnParty: runtimeConf,
    trainRuntimeConf: {},
    stages: [[UPLOAD_COMPONENT]],
    modelId: `local-${partyId}#model`,
    modelVersion: jobId,
    description: `upload ${conf.namespace}.${conf.tableName}`,
    progress: 0,
    tag: '',
    cancelSignal: false,
    rerunSignal: false,
    // Uploads hold no scheduler resources; they never wait in the queue.
    priority: 0,
    cores: 0,
    memory: 0,
    resourceInUse: false,
    runCount: 0,
    createTime: now,
    updateTime: now,
  };
}

function uploadTask(job: JobRecord, conf: ReturnType<typeof parseUploadConf>, now: number): TaskRecord {
  return {
    jobId: job.jobId,
    component: UPLOAD_COMPONENT,
    taskId: taskId(job.jobId, UPLOAD_COMPONENT),
    taskVersion: 0,
    role: 'local',
    partyId: job.partyId,
    module: 'Upload',
    needRun: true,
    provider: null,
    parameters: { namespace: conf.namespace, name: conf.tableName, head: conf.head, partition: conf.partition },
    partyStatus: 'waiting',
    status: 'waiting',
    isLocal: true,
    statusHistory: [],
    createTime: now,
    updateTime: now,
  };
}

/** FATE answers 100 for an upload over an existing table without drop. */
function alreadyExists(namespace: string, name: string): AppError {
  return new AppError(
    RetCode.EXCEPTION_ERROR,
    409,
    `table ${namespace}.${name} already exists; upload with --drop (drop: 1) to replace it`,
  );
}
