import { MAX_NAME_LENGTH } from '../limits.js';
import { ServingCode, ServingError } from './serving-codes.js';

/** The most records one batch inference (and one guest → host call) carries. */
export const MAX_INFERENCE_BATCH = 500;

/** One record to score: the guest's features by name, and what the hosts look their rows up by. */
export interface InferenceRecord {
  readonly featureData: Readonly<Record<string, unknown>>;
  /** FATE-Serving's sendToRemoteFeatureData, as text: e.g. {"id": "133"} or {"device_id": "…"}. */
  readonly sendToRemoteFeatureData: Readonly<Record<string, string>>;
}

export interface InferenceRequest {
  readonly serviceId: string;
  readonly records: readonly InferenceRecord[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const paramError = (message: string) => new ServingError(ServingCode.PARAM_ERROR, message);

/**
 * FATE-Serving's inference request, `{head: {serviceId}, body: {featureData, sendToRemoteFeatureData}}`,
 * or its batch form `{head: {serviceId}, body: {batchDataList: [{index, featureData, sendToRemoteFeatureData}]}}`
 * (records in the list's order; `index` is echoed back). Refusals name the field, with code 100.
 */
export function parseInferenceRequest(body: unknown, batch: boolean): InferenceRequest & { indexes: number[] } {
  if (!isObject(body)) throw paramError('the request must be a JSON object {head, body}');
  const { head, body: inner } = body;
  if (!isObject(head) || typeof head.serviceId !== 'string' || head.serviceId === '') {
    throw paramError('head.serviceId: a service id (flow model bind) is required');
  }
  // A service id is a segment of the binding's key: one longer than any bind accepts is no service here.
  if (head.serviceId.length > MAX_NAME_LENGTH) {
    throw paramError(`head.serviceId: a service id is at most ${MAX_NAME_LENGTH} characters`);
  }
  if (!isObject(inner)) throw paramError('body: an object with the features to score is required');
  if (!batch) {
    return { serviceId: head.serviceId, records: [recordOf(inner, 'body')], indexes: [0] };
  }
  const list = inner.batchDataList;
  if (!Array.isArray(list) || list.length === 0) throw paramError('body.batchDataList: a non-empty list is required');
  if (list.length > MAX_INFERENCE_BATCH) {
    throw paramError(`body.batchDataList: at most ${MAX_INFERENCE_BATCH} records, got ${list.length}`);
  }
  const records: InferenceRecord[] = [];
  const indexes: number[] = [];
  list.forEach((item: unknown, i) => {
    const where = `body.batchDataList[${i}]`;
    if (!isObject(item)) throw paramError(`${where}: must be an object`);
    const index = item.index ?? i;
    if (typeof index !== 'number' || !Number.isInteger(index)) throw paramError(`${where}.index: must be an integer`);
    records.push(recordOf(item, where));
    indexes.push(index);
  });
  return { serviceId: head.serviceId, records, indexes };
}

function recordOf(value: Record<string, unknown>, where: string): InferenceRecord {
  const { featureData, sendToRemoteFeatureData = {} } = value;
  if (!isObject(featureData)) throw paramError(`${where}.featureData: an object of the guest's features is required`);
  if (!isObject(sendToRemoteFeatureData)) {
    throw paramError(`${where}.sendToRemoteFeatureData: must be an object of ids for the hosts`);
  }
  const remote = Object.entries(sendToRemoteFeatureData).map(([key, id]): [string, string] => {
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw paramError(`${where}.sendToRemoteFeatureData.${key}: must be a string or a number`);
    }
    return [key, String(id)];
  });
  return { featureData, sendToRemoteFeatureData: Object.fromEntries(remote) };
}
