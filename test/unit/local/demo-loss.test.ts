import { describe, expect, it } from '@jest/globals';
import type { Envelope } from '../../../client/flow-client.js';
import { lastLoss } from '../../../local/demo/demo-loss.js';

const guestAnswering = (answer: Envelope) => {
  const asked: unknown[] = [];
  return {
    asked,
    post: async (path: string, body: unknown) => {
      asked.push([path, body]);
      return answer;
    },
  };
};

describe("the demo's live loss (local/demo/demo-loss.ts)", () => {
  it("reads the component's train.loss at the guest and gives its last point", async () => {
    const guest = guestAnswering({
      retcode: 0,
      retmsg: 'success',
      data: [
        [0, 0.69],
        [1, 0.52],
      ],
    });
    expect(await lastLoss(guest, 'j1', 'hetero_lr_0')).toEqual({ iteration: 1, loss: 0.52 });
    expect(guest.asked).toEqual([
      [
        '/v1/tracking/component/metric_data',
        {
          job_id: 'j1',
          role: 'guest',
          party_id: 9999,
          component_name: 'hetero_lr_0',
          metric_namespace: 'train',
          metric_name: 'loss',
        },
      ],
    ]);
  });

  it('gives none while there is no loss yet or the answer is not a curve', async () => {
    expect(await lastLoss(guestAnswering({ retcode: 101, retmsg: 'no metric' }), 'j1', 'reader_0')).toBeUndefined();
    expect(await lastLoss(guestAnswering({ retcode: 0, retmsg: 'success', data: [] }), 'j1', 'x')).toBeUndefined();
    expect(
      await lastLoss(guestAnswering({ retcode: 0, retmsg: 'success', data: [['a', 1]] }), 'j1', 'x'),
    ).toBeUndefined();
  });
});
