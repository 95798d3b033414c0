import { describe, expect, it } from '@jest/globals';
import { combineFederatedRetcodes } from '../../../../functions/domain/status/federated-result.js';
import { FederatedSchedulingStatusCode } from '../../../../functions/domain/status/statuses.js';

describe('combineFederatedRetcodes', () => {
  it.each<[number[], number]>([
    [[], FederatedSchedulingStatusCode.SUCCESS],
    [[0], FederatedSchedulingStatusCode.SUCCESS],
    [[0, 0, 0], FederatedSchedulingStatusCode.SUCCESS],
    [[0, 100], FederatedSchedulingStatusCode.ERROR],
    [[10, 100, 104], FederatedSchedulingStatusCode.ERROR],
    [[0, 10], FederatedSchedulingStatusCode.NOT_EFFECTIVE],
    [[10, 104], FederatedSchedulingStatusCode.NOT_EFFECTIVE],
    [[10, 10], FederatedSchedulingStatusCode.NOT_EFFECTIVE],
    [[0, 104], FederatedSchedulingStatusCode.PARTIAL],
    [[105, 0, 0], FederatedSchedulingStatusCode.PARTIAL],
    [[104], FederatedSchedulingStatusCode.FAILED],
    [[101, 105], FederatedSchedulingStatusCode.FAILED],
  ])('aggregates %j to %i', (retcodes, expected) => {
    expect(combineFederatedRetcodes(retcodes)).toBe(expected);
  });

  it('returns the literal FATE codes', () => {
    expect(combineFederatedRetcodes([0, 0])).toBe(0);
    expect(combineFederatedRetcodes([0, 104])).toBe(1);
    expect(combineFederatedRetcodes([104])).toBe(2);
    expect(combineFederatedRetcodes([100])).toBe(3);
    expect(combineFederatedRetcodes([10])).toBe(4);
  });
});
