import { describe, expect, it } from '@jest/globals';
import { secureAddExampleParameters } from '../../../components/secure-add-example.js';
import type { PartyRef } from '../../../functions/domain/job/roles.js';
import type { FederationChannel } from '../../../runner/components/component.js';
import {
  partitionsOf,
  SecureAddExample,
  SHARE_MODULUS,
  secureAddValues,
  shareValues,
  sumOfShares,
} from '../../../runner/components/secure-add-example.js';
import { fakeContext } from './support/fake-context.js';
import { memoryFederation } from './support/memory-federation.js';

const guest: PartyRef = { role: 'guest', partyId: 9999 };
const host: PartyRef = { role: 'host', partyId: 10000 };
const roles = { guest: [9999], host: [10000] };
const sum = (values: readonly bigint[]) => values.reduce((a, b) => a + b, 0n);

function run(
  party: PartyRef,
  parameters: Record<string, unknown>,
  channel: FederationChannel,
): { done: Promise<void>; logs: string[] } {
  const { ctx, written } = fakeContext(
    party,
    secureAddExampleParameters.parse(parameters),
    channel,
    {},
    'SecureAddExample',
  );
  return { done: SecureAddExample.run(ctx), logs: written.logs };
}

describe('SecureAddExample arithmetic', () => {
  it("derives a party's values from its seed alone: integers 1…1000", () => {
    const values = secureAddValues(123, 1000);
    expect(values).toEqual(secureAddValues(123, 1000));
    expect(values).not.toEqual(secureAddValues(321, 1000));
    expect(values.every((v) => v >= 1n && v <= 1000n)).toBe(true);
    expect(secureAddValues(123, 3)).toEqual(values.slice(0, 3));
  });

  it('splits each value into a kept mask and the value minus it, which add back to the value mod 2^128', () => {
    const masks = [5n, SHARE_MODULUS - 1n, 0n];
    const [kept, sent] = shareValues([7n, 1n, 1000n], () => masks.shift() ?? 0n);
    expect(kept).toEqual([5n, SHARE_MODULUS - 1n, 0n]);
    expect(sent).toEqual([2n, 2n, 1000n]);
  });

  it('recovers the exact total from the two parties’ sums of shares, whatever the masks', () => {
    const x = secureAddValues(123, 1000);
    const y = secureAddValues(321, 1000);
    const [x1, x2] = shareValues(x);
    const [y2, y1] = shareValues(y);
    const guestSum = sumOfShares(x1, y1);
    const hostSum = sumOfShares(y2, x2);
    expect((guestSum + hostSum) % SHARE_MODULUS).toBe(sum(x) + sum(y));
  });

  it('refuses shares that do not match the values in number', () => {
    expect(() => sumOfShares([1n, 2n], [3n])).toThrow('the other party sent 1 shares for 2 values');
  });

  it('cuts the shares into one contiguous chunk per partition, the last one shorter', () => {
    expect(partitionsOf([1, 2, 3, 4, 5], 2)).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect(partitionsOf([1, 2], 4)).toEqual([[1], [2], [], []]);
  });
});

describe('SecureAddExample between a guest and a host', () => {
  it("logs FATE's secure_add_guest lines with the exact total, and sends each party only masked shares", async () => {
    const federation = memoryFederation(roles);
    const atGuest = run(guest, { seed: 123, partition: 4, data_num: 1000 }, federation.channel(guest));
    const atHost = run(host, { seed: 321, partition: 4, data_num: 1000 }, federation.channel(host));
    await Promise.all([atGuest.done, atHost.done]);
    const total = sum(secureAddValues(123, 1000)) + sum(secureAddValues(321, 1000));
    expect(atGuest.logs).toEqual([
      'secure_add_guest: begin to make guest data: 1000 values in 4 partitions',
      'secure_add_guest: share one random part data to host',
      'secure_add_guest: get share of one random part data from host',
      'secure_add_guest: receive host sum from host',
      `secure_add_guest: success to calculate secure_sum, it is ${total}`,
    ]);
    expect(atHost.logs.at(-1)).toBe(`secure_add_host: success to calculate secure_sum, it is ${total}`);
    expect(federation.sent.filter((s) => s.from.role === 'guest').map((s) => s.tag)).toEqual([
      'guest_share.0',
      'guest_share.1',
      'guest_share.2',
      'guest_share.3',
      'guest_sum',
    ]);
  });

  it("fails when the parties' plain sums do not add up to the secure total", async () => {
    const federation = memoryFederation(roles);
    const hostChannel = federation.channel(host);
    // A host that lies about its plain sum: the check the toy makes must catch it.
    const lying: FederationChannel = {
      ...hostChannel,
      remote: (tag, value, to) =>
        hostChannel.remote(
          tag,
          tag === 'host_sum' && Array.isArray(value) && typeof value[1] === 'bigint'
            ? [value[0], value[1] + 1n]
            : value,
          to,
        ),
    };
    const atGuest = run(guest, { seed: 1, data_num: 10 }, federation.channel(guest));
    const atHost = run(host, { seed: 2, data_num: 10 }, lying);
    await atHost.done;
    const total = sum(secureAddValues(1, 10)) + sum(secureAddValues(2, 10));
    await expect(atGuest.done).rejects.toThrow(
      `secure_sum ${total} is not the sum of the parties' values, ${total + 1n}`,
    );
  });

  it('refuses a job with two hosts, naming them', async () => {
    const federation = memoryFederation({ guest: [9999], host: [10000, 10001] });
    await expect(run(guest, {}, federation.channel(guest)).done).rejects.toThrow(
      'SecureAddExample adds the values of one guest and one host; the job has 2 hosts',
    );
  });
});

describe("SecureAddExample's parameters", () => {
  it("take FATE's names and defaults and refuse a bad partition by name", () => {
    expect(secureAddExampleParameters.parse({})).toEqual({ partition: 1, data_num: 1000 });
    const refused = secureAddExampleParameters.safeParse({ partition: 0 });
    expect(refused.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['partition', 'partition must be an integer larger than 0'],
    ]);
  });
});
