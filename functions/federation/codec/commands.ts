import { create } from '@bufbuild/protobuf';
import {
  type Envelope,
  JobCleanSchema,
  JobCreateSchema,
  JobPartyStopSchema,
  JobResourceApplySchema,
  JobResourceReturnSchema,
  JobStartSchema,
  JobStatusUpdateSchema,
  JobStopSchema,
  ModelCheckSchema,
  ModelDeploySchema,
  ModelInferSchema,
  ObjectRefSchema,
  RemoteFeaturesSchema,
  TaskReportSchema,
  TaskStartSchema,
  TaskStopSchema,
  type Transfer,
  TransferSchema,
} from '../../../proto/fateflow/federation/v1/federation_pb.js';
import { MAX_TASK_VERSION } from '../../domain/ids.js';
import { MAX_INFERENCE_BATCH } from '../../domain/inference/serving-request.js';
import { MAX_NAME_LENGTH } from '../../domain/limits.js';
import type { CommandBodies, CommandName, TransferPayload } from '../../domain/ports/peer-client.js';
import { jobStatuses, stopStatuses, taskStatuses } from './wire-enums.js';
import {
  fieldError,
  fromWireInt64,
  fromWireTaskVersion,
  MAX_TIME_MS,
  parseJsonObject,
  requireText,
  toJsonText,
  toWireInt64,
  toWireUint32,
} from './wire-fields.js';

/** The `command` oneof of an envelope, and its case names (`jobCreate`, ..., `transfer`). */
export type WireCommand = Envelope['command'];
export type WireCase = NonNullable<WireCommand['case']>;
type WireValue<K extends WireCase> = Extract<WireCommand, { case: K }>['value'];

/** A command and its body, correlated (`command` narrows `body`). */
export type DecodedCommand = { [C in CommandName]: { command: C; body: CommandBodies[C] } }[CommandName];

/** Which oneof case carries which command. */
export const WIRE_CASES: Readonly<Record<CommandName, WireCase>> = {
  'job.create': 'jobCreate',
  'job.resource.apply': 'jobResourceApply',
  'job.resource.return': 'jobResourceReturn',
  'job.start': 'jobStart',
  'job.status': 'jobStatusUpdate',
  'job.stop': 'jobStop',
  'job.party.stop': 'jobPartyStop',
  'job.clean': 'jobClean',
  'task.start': 'taskStart',
  'task.stop': 'taskStop',
  'task.report': 'taskReport',
  transfer: 'transfer',
  'model.deploy': 'modelDeploy',
  'model.check': 'modelCheck',
  'model.infer': 'modelInfer',
};

/** `envelope.job_create`: the protobuf path of a oneof case, for error messages. */
export function casePath(wireCase: WireCase): string {
  return `envelope.${wireCase.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)}`;
}

type Encoders = { readonly [C in CommandName]: (body: CommandBodies[C], path: string) => WireCommand };
type Decoders = { readonly [K in WireCase]: (value: WireValue<K>, path: string) => DecodedCommand };

const encoders: Encoders = {
  'job.create': (body, path) => ({
    case: 'jobCreate',
    value: create(JobCreateSchema, {
      dslJson: toJsonText(`${path}.dsl_json`, body.dsl),
      runtimeConfJson: toJsonText(`${path}.runtime_conf_json`, body.runtimeConf),
      createTimeMs: toWireInt64(`${path}.create_time_ms`, body.createTime, MAX_TIME_MS),
    }),
  }),
  'job.resource.apply': () => ({ case: 'jobResourceApply', value: create(JobResourceApplySchema) }),
  'job.resource.return': () => ({ case: 'jobResourceReturn', value: create(JobResourceReturnSchema) }),
  'job.start': (body, path) => ({
    case: 'jobStart',
    value: create(JobStartSchema, { startTimeMs: toWireInt64(`${path}.start_time_ms`, body.startTime, MAX_TIME_MS) }),
  }),
  'job.status': (body, path) => ({
    case: 'jobStatusUpdate',
    value: create(JobStatusUpdateSchema, {
      status: jobStatuses.toWire(`${path}.status`, body.status),
      ...(body.tag === undefined ? {} : { tag: body.tag }),
      rerun: body.rerun === true,
    }),
  }),
  'job.stop': (body, path) => ({
    case: 'jobStop',
    value: create(JobStopSchema, {
      status: stopStatuses.toWire(`${path}.status`, body.status),
      ...(body.tag === undefined ? {} : { tag: body.tag }),
    }),
  }),
  'job.party.stop': (body, path) => ({
    case: 'jobPartyStop',
    value: create(JobPartyStopSchema, {
      status: stopStatuses.toWire(`${path}.status`, body.status),
      ...(body.tag === undefined ? {} : { tag: body.tag }),
    }),
  }),
  'job.clean': () => ({ case: 'jobClean', value: create(JobCleanSchema) }),
  'task.start': (body, path) => ({
    case: 'taskStart',
    value: create(TaskStartSchema, {
      component: body.component,
      taskVersion: toWireUint32(`${path}.task_version`, body.taskVersion, MAX_TASK_VERSION),
    }),
  }),
  'task.stop': (body, path) => ({
    case: 'taskStop',
    value: create(TaskStopSchema, {
      component: body.component,
      taskVersion: toWireUint32(`${path}.task_version`, body.taskVersion, MAX_TASK_VERSION),
      status: stopStatuses.toWire(`${path}.status`, body.status),
    }),
  }),
  'task.report': (body, path) => ({
    case: 'taskReport',
    value: create(TaskReportSchema, {
      component: body.component,
      taskVersion: toWireUint32(`${path}.task_version`, body.taskVersion, MAX_TASK_VERSION),
      partyStatus: taskStatuses.toWire(`${path}.party_status`, body.partyStatus),
      ...(body.startTime === undefined
        ? {}
        : { startTimeMs: toWireInt64(`${path}.start_time_ms`, body.startTime, MAX_TIME_MS) }),
      ...(body.endTime === undefined
        ? {}
        : { endTimeMs: toWireInt64(`${path}.end_time_ms`, body.endTime, MAX_TIME_MS) }),
      ...(body.elapsed === undefined ? {} : { elapsedMs: toWireInt64(`${path}.elapsed_ms`, body.elapsed) }),
      ...(body.errorReport === undefined ? {} : { errorReport: body.errorReport }),
    }),
  }),
  transfer: (body, path) => ({
    case: 'transfer',
    value: create(TransferSchema, { tag: body.tag, payload: payloadToWire(body.payload, path) }),
  }),
  'model.deploy': (body, path) => ({
    case: 'modelDeploy',
    value: create(ModelDeploySchema, {
      modelId: body.modelId,
      childModelVersion: body.childModelVersion,
      inferenceDslJson: toJsonText(`${path}.inference_dsl_json`, body.inferenceDsl),
    }),
  }),
  'model.check': (body, path) => ({
    case: 'modelCheck',
    value: create(ModelCheckSchema, {
      modelId: body.modelId,
      modelVersion: body.modelVersion,
      dslJson: toJsonText(`${path}.dsl_json`, body.predictDsl),
    }),
  }),
  'model.infer': (body) => ({
    case: 'modelInfer',
    value: create(ModelInferSchema, {
      modelId: body.modelId,
      modelVersion: body.modelVersion,
      serviceId: body.serviceId,
      records: body.records.map((values) => create(RemoteFeaturesSchema, { values: { ...values } })),
    }),
  }),
};

const decoders: Decoders = {
  jobCreate: (value, path) => ({
    command: 'job.create',
    body: {
      dsl: parseJsonObject(`${path}.dsl_json`, value.dslJson),
      runtimeConf: parseJsonObject(`${path}.runtime_conf_json`, value.runtimeConfJson),
      createTime: fromWireInt64(`${path}.create_time_ms`, value.createTimeMs, MAX_TIME_MS),
    },
  }),
  jobResourceApply: () => ({ command: 'job.resource.apply', body: {} }),
  jobResourceReturn: () => ({ command: 'job.resource.return', body: {} }),
  jobStart: (value, path) => ({
    command: 'job.start',
    body: { startTime: fromWireInt64(`${path}.start_time_ms`, value.startTimeMs, MAX_TIME_MS) },
  }),
  jobStatusUpdate: (value, path) => ({
    command: 'job.status',
    body: {
      status: jobStatuses.fromWire(`${path}.status`, value.status),
      ...(value.tag === undefined ? {} : { tag: value.tag }),
      ...(value.rerun ? { rerun: true } : {}),
    },
  }),
  jobStop: (value, path) => ({
    command: 'job.stop',
    body: {
      status: stopStatuses.fromWire(`${path}.status`, value.status),
      ...(value.tag === undefined ? {} : { tag: value.tag }),
    },
  }),
  jobPartyStop: (value, path) => ({
    command: 'job.party.stop',
    body: {
      status: stopStatuses.fromWire(`${path}.status`, value.status),
      ...(value.tag === undefined ? {} : { tag: value.tag }),
    },
  }),
  jobClean: () => ({ command: 'job.clean', body: {} }),
  taskStart: (value, path) => ({
    command: 'task.start',
    body: {
      component: requireText(`${path}.component`, value.component),
      taskVersion: fromWireTaskVersion(`${path}.task_version`, value.taskVersion),
    },
  }),
  taskStop: (value, path) => ({
    command: 'task.stop',
    body: {
      component: requireText(`${path}.component`, value.component),
      taskVersion: fromWireTaskVersion(`${path}.task_version`, value.taskVersion),
      status: stopStatuses.fromWire(`${path}.status`, value.status),
    },
  }),
  taskReport: (value, path) => ({
    command: 'task.report',
    body: {
      component: requireText(`${path}.component`, value.component),
      taskVersion: fromWireTaskVersion(`${path}.task_version`, value.taskVersion),
      partyStatus: taskStatuses.fromWire(`${path}.party_status`, value.partyStatus),
      ...(value.startTimeMs === undefined
        ? {}
        : { startTime: fromWireInt64(`${path}.start_time_ms`, value.startTimeMs, MAX_TIME_MS) }),
      ...(value.endTimeMs === undefined
        ? {}
        : { endTime: fromWireInt64(`${path}.end_time_ms`, value.endTimeMs, MAX_TIME_MS) }),
      ...(value.elapsedMs === undefined ? {} : { elapsed: fromWireInt64(`${path}.elapsed_ms`, value.elapsedMs) }),
      ...(value.errorReport === undefined ? {} : { errorReport: value.errorReport }),
    },
  }),
  transfer: (value, path) => ({
    command: 'transfer',
    body: { tag: requireText(`${path}.tag`, value.tag), payload: payloadFromWire(value.payload, path) },
  }),
  modelDeploy: (value, path) => ({
    command: 'model.deploy',
    body: {
      modelId: requireText(`${path}.model_id`, value.modelId),
      childModelVersion: requireText(`${path}.child_model_version`, value.childModelVersion),
      inferenceDsl: parseJsonObject(`${path}.inference_dsl_json`, value.inferenceDslJson),
    },
  }),
  modelCheck: (value, path) => ({
    command: 'model.check',
    body: {
      // An empty model id or version is the check's own refusal (named), not a malformed message.
      modelId: value.modelId,
      modelVersion: value.modelVersion,
      predictDsl: parseJsonObject(`${path}.dsl_json`, value.dslJson),
    },
  }),
  modelInfer: (value, path) => {
    if (value.records.length === 0 || value.records.length > MAX_INFERENCE_BATCH) {
      throw fieldError(`${path}.records`, `must hold 1 to ${MAX_INFERENCE_BATCH} records, got ${value.records.length}`);
    }
    return {
      command: 'model.infer',
      body: {
        modelId: requireText(`${path}.model_id`, value.modelId),
        modelVersion: requireText(`${path}.model_version`, value.modelVersion),
        serviceId: requireServiceId(`${path}.service_id`, value.serviceId),
        records: value.records.map((record) => Object.fromEntries(Object.entries(record.values))),
      },
    };
  },
};

/** A service id is a segment of the binding's key: at most as long as a bind accepts (MAX_NAME_LENGTH). */
function requireServiceId(field: string, value: string): string {
  requireText(field, value);
  if (value.length > MAX_NAME_LENGTH) throw fieldError(field, `may be at most ${MAX_NAME_LENGTH} characters`);
  return value;
}

/** The oneof case for a command; a command this version does not know is an ArgumentError. */
export function encodeCommand<C extends CommandName>(command: C, body: CommandBodies[C]): WireCommand {
  if (typeof command !== 'string' || !Object.hasOwn(encoders, command)) {
    throw fieldError('envelope.command', `unknown command ${JSON.stringify(command)}`);
  }
  const path = casePath(WIRE_CASES[command]);
  if (typeof body !== 'object' || body === null) throw fieldError(path, 'is missing (no body)');
  return encoders[command](body, path);
}

/** The command and body a oneof case carries, checked field by field. */
export function decodeCommand<K extends WireCase>(wireCase: K, value: WireValue<K>): DecodedCommand {
  return decoders[wireCase](value, casePath(wireCase));
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

function payloadToWire(payload: TransferPayload, path: string): Transfer['payload'] {
  if (payload.kind === 'inline') {
    const bytes = Buffer.from(payload.base64, 'base64');
    // Node's decoder skips what is not base64; insist on the canonical form so the value round-trips.
    if (bytes.toString('base64') !== payload.base64) {
      throw fieldError(`${path}.inline`, 'must be canonical base64 (padded, no line breaks or URL-safe letters)');
    }
    return { case: 'inline', value: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }
  if (payload.kind === 'object') {
    return {
      case: 'object',
      value: create(ObjectRefSchema, {
        key: payload.key,
        size: toWireInt64(`${path}.object.size`, payload.size),
        sha256: payload.sha256,
      }),
    };
  }
  throw fieldError(`${path}.payload`, `unknown payload kind ${JSON.stringify(kindOf(payload))}`);
}

function kindOf(payload: unknown): unknown {
  return typeof payload === 'object' && payload !== null && 'kind' in payload ? payload.kind : undefined;
}

function payloadFromWire(payload: Transfer['payload'], path: string): TransferPayload {
  switch (payload.case) {
    case 'inline':
      return {
        kind: 'inline',
        base64: Buffer.from(payload.value.buffer, payload.value.byteOffset, payload.value.byteLength).toString(
          'base64',
        ),
      };
    case 'object': {
      const { key, size, sha256 } = payload.value;
      if (!SHA256_HEX.test(sha256)) {
        throw fieldError(`${path}.object.sha256`, `must be 64 lower-case hex digits, got ${JSON.stringify(sha256)}`);
      }
      return {
        kind: 'object',
        key: requireText(`${path}.object.key`, key),
        size: fromWireInt64(`${path}.object.size`, size),
        sha256,
      };
    }
    default:
      throw fieldError(`${path}.payload`, 'is missing');
  }
}
