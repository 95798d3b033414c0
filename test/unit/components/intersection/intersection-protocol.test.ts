import { describe, expect, it } from '@jest/globals';
import type { PartyRef, RoleParties } from '../../../../functions/domain/job/roles.js';
import type { FederationChannel } from '../../../../runner/components/component.js';
import { Intersection } from '../../../../runner/components/intersection.js';
import { fakeContext, inputTable } from '../support/fake-context.js';
import { memoryFederation } from '../support/memory-federation.js';

const guest: PartyRef = { role: 'guest', partyId: 9999 };
const host: PartyRef = { role: 'host', partyId: 10000 };
const host2: PartyRef = { role: 'host', partyId: 10001 };

const guestCsv = 'id,y,x0\n1,1,0.5\n2,0,0.25\n3,1,-1\n5,0,2\n8,1,3\n';
const hostCsv = 'id,x0,x1\n8,10,11\n4,40,41\n1,100,101\n3,30,31\n';
const host2Csv = 'id,z0\n3,3\n8,8\n9,9\n';

async function runAll(
  parties: { party: PartyRef; csv: string; parameters: Record<string, unknown> }[],
  roles: RoleParties,
  timeoutMs = 20_000,
) {
  const federation = memoryFederation(roles, timeoutMs);
  const runs = parties.map(({ party, csv, parameters }) => {
    const meta = party.role === 'guest' ? { label_name: 'y', with_label: true } : { with_label: false };
    const { ctx, written } = fakeContext(
      party,
      Intersection.parameters.parse(parameters),
      federation.channel(party),
      { data: [inputTable('data_transform_0.data', csv, meta)] },
      'Intersection',
    );
    return { run: Intersection.run(ctx), written };
  });
  const settled = await Promise.allSettled(runs.map((r) => r.run));
  return { written: runs.map((r) => r.written), settled, federation };
}

describe('Intersection between a guest and its hosts', () => {
  it('keeps exactly the common rows at both parties with ECDH, in each party order, columns and meta unchanged', async () => {
    const { written, federation } = await runAll(
      [
        { party: guest, csv: guestCsv, parameters: {} },
        { party: host, csv: hostCsv, parameters: {} },
      ],
      { guest: [9999], host: [10000] },
    );
    expect(written[0]?.data.get('data')?.csv).toBe('id,y,x0\n1,1,0.5\n3,1,-1\n8,1,3\n');
    expect(written[0]?.data.get('data')?.meta).toEqual({ label_name: 'y', with_label: true, intersect_method: 'ecdh' });
    expect(written[1]?.data.get('data')?.csv).toBe('id,x0,x1\n8,10,11\n1,100,101\n3,30,31\n');
    expect(written[0]?.metrics.get('train/intersection')).toEqual([
      ['intersect_count', 3],
      ['intersect_rate', 0.6],
    ]);
    expect(written[0]?.summaries).toEqual([
      { intersect_num: 3, intersect_rate: 0.6, cardinality_only: false, unique_id_num: 5 },
    ]);
    expect(written[1]?.summaries).toEqual([
      { intersect_num: 3, intersect_rate: 0.75, cardinality_only: false, unique_id_num: 4 },
    ]);
    expect(federation.sent.map(({ tag, from }) => `${from.role}:${tag}`).sort()).toEqual([
      'guest:intersect.ecdh.guest_points',
      'guest:intersect.ids',
      'host:intersect.ecdh.guest_points_double',
      'host:intersect.ecdh.host_points',
    ]);
    // Each side gets ready to send to the other before it hashes its ids.
    expect(federation.prepared).toEqual([
      { from: guest, to: host },
      { from: host, to: guest },
    ]);
  });

  it('fails at once when its first message cannot be sent, instead of waiting for the answer to it', async () => {
    const federation = memoryFederation({ guest: [9999], host: [10000] }, 2_000);
    const channel = federation.channel(host);
    const refusing: FederationChannel = {
      ...channel,
      remote: (tag, value, to) =>
        tag === 'intersect.ecdh.host_points'
          ? Promise.reject(new Error('guest 9999 refused transfer "intersect.ecdh.host_points"'))
          : channel.remote(tag, value, to),
    };
    const { ctx } = fakeContext(
      host,
      Intersection.parameters.parse({}),
      refusing,
      { data: [inputTable('data_transform_0.data', hostCsv, { with_label: false })] },
      'Intersection',
    );
    // No guest runs: without the send's failure, the host would wait for the guest's points.
    await expect(Intersection.run(ctx)).rejects.toThrow('guest 9999 refused transfer "intersect.ecdh.host_points"');
    expect(federation.sent).toEqual([]);
  });

  it("sends the host's second message before its first is acknowledged", async () => {
    const federation = memoryFederation({ guest: [9999], host: [10000] }, 2_000);
    const context = (party: PartyRef, csv: string, channel: FederationChannel) =>
      fakeContext(
        party,
        Intersection.parameters.parse({}),
        channel,
        {
          data: [
            inputTable(
              'data_transform_0.data',
              csv,
              party.role === 'guest' ? { label_name: 'y', with_label: true } : { with_label: false },
            ),
          ],
        },
        'Intersection',
      );
    const atGuest = context(guest, guestCsv, federation.channel(guest));
    const guestRun = Intersection.run(atGuest.ctx);
    let doubleSent!: () => void;
    // The host's points are delivered at once, but acknowledged only once its double is sent
    // (or the guest gave up): an acknowledgement slower than the host's own work.
    const acknowledged = Promise.race([
      new Promise<void>((resolve) => (doubleSent = resolve)),
      guestRun.catch(() => undefined),
    ]);
    const hostChannel = federation.channel(host);
    const slowAck: FederationChannel = {
      ...hostChannel,
      async remote(tag, value, to) {
        await hostChannel.remote(tag, value, to);
        if (tag === 'intersect.ecdh.guest_points_double') doubleSent();
        if (tag === 'intersect.ecdh.host_points') await acknowledged;
      },
    };
    const atHost = context(host, hostCsv, slowAck);

    await Promise.all([guestRun, Intersection.run(atHost.ctx)]);
    expect(atGuest.written.data.get('data')?.csv).toBe('id,y,x0\n1,1,0.5\n3,1,-1\n8,1,3\n');
    expect(atHost.written.data.get('data')?.csv).toBe('id,x0,x1\n8,10,11\n1,100,101\n3,30,31\n');
  });

  it('keeps exactly the common rows with FATE-style RSA blind signatures', async () => {
    const rsa = {
      intersect_method: 'rsa',
      rsa_params: { key_length: 512, hash_method: 'sha256', final_hash_method: 'sha256' },
    };
    const { written, federation } = await runAll(
      [
        { party: guest, csv: guestCsv, parameters: rsa },
        { party: host, csv: hostCsv, parameters: rsa },
      ],
      { guest: [9999], host: [10000] },
    );
    expect(written[0]?.data.get('data')?.csv).toBe('id,y,x0\n1,1,0.5\n3,1,-1\n8,1,3\n');
    expect(written[1]?.data.get('data')?.csv).toBe('id,x0,x1\n8,10,11\n1,100,101\n3,30,31\n');
    expect(federation.sent.map(({ tag, from }) => `${from.role}:${tag}`).sort()).toEqual([
      'guest:intersect.ids',
      'guest:intersect.rsa.guest_blinded',
      'host:intersect.rsa.guest_signed',
      'host:intersect.rsa.host_ids',
      'host:intersect.rsa.public_key',
    ]);
  });

  it('keeps the rows every host holds when there are two hosts', async () => {
    const { written, federation } = await runAll(
      [
        { party: guest, csv: guestCsv, parameters: {} },
        { party: host, csv: hostCsv, parameters: {} },
        { party: host2, csv: host2Csv, parameters: {} },
      ],
      { guest: [9999], host: [10000, 10001] },
    );
    expect(written[0]?.data.get('data')?.csv).toBe('id,y,x0\n3,1,-1\n8,1,3\n');
    expect(written[1]?.data.get('data')?.csv).toBe('id,x0,x1\n8,10,11\n3,30,31\n');
    expect(written[2]?.data.get('data')?.csv).toBe('id,z0\n3,3\n8,8\n');
    expect(federation.prepared).toEqual([
      { from: guest, to: host },
      { from: guest, to: host2 },
      { from: host, to: guest },
      { from: host2, to: guest },
    ]);
  });

  it('writes only the ids with only_output_key', async () => {
    const { written } = await runAll(
      [
        { party: guest, csv: guestCsv, parameters: { only_output_key: true } },
        { party: host, csv: hostCsv, parameters: { only_output_key: true } },
      ],
      { guest: [9999], host: [10000] },
    );
    expect(written[0]?.data.get('data')?.csv).toBe('id\n1\n3\n8\n');
    expect(written[1]?.data.get('data')?.csv).toBe('id\n8\n1\n3\n');
  });

  it('fails at the guest, naming the host, when the two sides use different salts', async () => {
    const { settled } = await runAll(
      [
        { party: guest, csv: guestCsv, parameters: { ecdh_params: { salt: 'a' } } },
        { party: host, csv: hostCsv, parameters: { ecdh_params: { salt: 'b' } } },
      ],
      { guest: [9999], host: [10000] },
      500,
    );
    expect(settled[0]).toEqual({
      status: 'rejected',
      reason: expect.objectContaining({
        message: expect.stringContaining('host 10000 runs the intersection with other settings'),
      }),
    });
    expect(settled[1]).toEqual({
      status: 'rejected',
      reason: expect.objectContaining({ message: 'get "intersect.ids" from guest 9999 timed out' }),
    });
  });

  it('refuses a table with a repeated id', async () => {
    const { settled } = await runAll([{ party: guest, csv: 'id,x\n1,1\n1,2\n', parameters: {} }], {
      guest: [9999],
      host: [10000],
    });
    expect(settled[0]).toEqual({
      status: 'rejected',
      reason: expect.objectContaining({
        message: 'data_transform_0.data at guest 9999: id "1" appears more than once (row 2)',
      }),
    });
  });
});

describe('Intersection parameters', () => {
  it('accepts the FATE example conf and defaults to ECDH with sha256', () => {
    const fromFate = Intersection.parameters.parse({
      intersect_method: 'rsa',
      rsa_params: { hash_method: 'sha256', final_hash_method: 'sha256', key_length: 1024 },
    });
    expect(fromFate.rsa_params).toMatchObject({ key_length: 1024, salt: '', random_bit: 128 });
    expect(Intersection.parameters.parse({})).toMatchObject({
      intersect_method: 'ecdh',
      sync_intersect_ids: true,
      ecdh_params: { hash_method: 'sha256', curve: 'curve25519', salt: '' },
    });
  });

  it('refuses what is not implemented, saying why, and unknown names', () => {
    const messages = (value: unknown) => Intersection.parameters.safeParse(value).error?.issues.map((i) => i.message);
    expect(messages({ intersect_method: 'raw' })).toEqual([
      'intersect_method must be "ecdh" or "rsa" ("raw" and "dh" are not implemented)',
    ]);
    expect(messages({ ecdh_params: { hash_method: 'sm3' } })).toEqual([
      'hash method must be one of md5, sha1, sha224, sha256, sha384, sha512 (sm3 is not available in this build)',
    ]);
    expect(messages({ join_method: 'left_join' })).toEqual([
      'only "inner_join" is supported: left_join is not implemented',
    ]);
    expect(Intersection.parameters.safeParse({ intersect_methd: 'rsa' }).success).toBe(false);
  });
});
