import { describe, expect, it } from '@jest/globals';
import { ServingCode, ServingError } from '../../../../functions/domain/inference/serving-codes.js';
import { MAX_INFERENCE_BATCH, parseInferenceRequest } from '../../../../functions/domain/inference/serving-request.js';

function refusal(body: unknown, batch = false): string {
  try {
    parseInferenceRequest(body, batch);
  } catch (error) {
    if (error instanceof ServingError && error.code === ServingCode.PARAM_ERROR) return error.message;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe("FATE-Serving's inference request", () => {
  it('reads one record: the service id, the guest features, the ids for the hosts as text', () => {
    expect(
      parseInferenceRequest(
        {
          head: { serviceId: 'breast-lr' },
          body: { featureData: { x0: 1.5 }, sendToRemoteFeatureData: { id: 133, phone_num: '122' } },
        },
        false,
      ),
    ).toEqual({
      serviceId: 'breast-lr',
      records: [{ featureData: { x0: 1.5 }, sendToRemoteFeatureData: { id: '133', phone_num: '122' } }],
      indexes: [0],
    });
  });

  it('reads a batch in order, echoing each index (the list position when none is given)', () => {
    const parsed = parseInferenceRequest(
      {
        head: { serviceId: 's' },
        body: {
          batchDataList: [
            { index: 7, featureData: { x0: 1 }, sendToRemoteFeatureData: { id: 'a' } },
            { featureData: { x0: 2 } },
          ],
        },
      },
      true,
    );
    expect(parsed.indexes).toEqual([7, 1]);
    expect(parsed.records.map((r) => r.sendToRemoteFeatureData)).toEqual([{ id: 'a' }, {}]);
  });

  it('refuses a malformed request with code 100, naming the field', () => {
    expect(refusal([])).toBe('the request must be a JSON object {head, body}');
    expect(refusal({ head: {}, body: {} })).toBe('head.serviceId: a service id (flow model bind) is required');
    // Longer than any bind accepts (the binding's key): refused, not looked up (the user API's fuzz found it).
    expect(refusal({ head: { serviceId: '😀'.repeat(51) }, body: {} })).toBe(
      'head.serviceId: a service id is at most 100 characters',
    );
    expect(refusal({ head: { serviceId: 's' } })).toBe('body: an object with the features to score is required');
    expect(refusal({ head: { serviceId: 's' }, body: { featureData: [1] } })).toBe(
      "body.featureData: an object of the guest's features is required",
    );
    expect(
      refusal({ head: { serviceId: 's' }, body: { featureData: {}, sendToRemoteFeatureData: { id: null } } }),
    ).toBe('body.sendToRemoteFeatureData.id: must be a string or a number');
    expect(refusal({ head: { serviceId: 's' }, body: { batchDataList: [] } }, true)).toBe(
      'body.batchDataList: a non-empty list is required',
    );
    expect(
      refusal({ head: { serviceId: 's' }, body: { batchDataList: [{ index: 'a', featureData: {} }] } }, true),
    ).toBe('body.batchDataList[0].index: must be an integer');
    const tooMany = Array.from({ length: MAX_INFERENCE_BATCH + 1 }, () => ({ featureData: {} }));
    expect(refusal({ head: { serviceId: 's' }, body: { batchDataList: tooMany } }, true)).toBe(
      `body.batchDataList: at most ${MAX_INFERENCE_BATCH} records, got ${MAX_INFERENCE_BATCH + 1}`,
    );
  });
});
