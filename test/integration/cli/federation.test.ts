import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateSigningKey, keyId } from '../../../functions/domain/signing/keys.js';
import { exampleJob } from '../../fixtures/jobs.js';
import { type CliFederation, flow, GUEST, HOST, startCliFederation } from './support/flow-cli.js';

interface KeyList {
  party_id: number;
  public_keys: Array<{ key_id: string; public_key: string }>;
}

describe('flow party and flow key', () => {
  let cli: CliFederation;
  beforeAll(async () => {
    cli = await startCliFederation();
  });
  afterAll(async () => {
    await cli.stop();
  });

  it('lists the peers a local federation introduced to each other', async () => {
    const listed = await flow(['party', 'list'], { url: cli.url(GUEST) });
    expect(listed.code).toBe(0);
    const parties = listed.json.data as Array<{ party_id: number; endpoint: string }>;
    expect(parties.map((p) => [p.party_id, p.endpoint])).toEqual([[HOST, cli.federation.site(HOST).federationUrl]]);
  });

  it('adds, shows and removes a party, refusing a plain-HTTP endpoint', async () => {
    const { publicKey } = generateSigningKey();
    const added = await flow(
      ['party', 'add', '-p', '10001', '--endpoint', 'https://10001.example.org', '--public-key', publicKey],
      { url: cli.url(GUEST) },
    );
    expect(added.json).toEqual({ retcode: 0, retmsg: 'success', data: { party_id: 10001 } });
    const listed = (await flow(['party', 'list'], { url: cli.url(GUEST) })).json.data as Array<{
      party_id: number;
      public_keys: unknown;
    }>;
    expect(listed.find((p) => p.party_id === 10001)?.public_keys).toEqual([
      { key_id: keyId(publicKey), public_key: publicKey },
    ]);
    const plain = await flow(
      ['party', 'add', '-p', '10002', '--endpoint', 'http://10002.example.org', '--public-key', publicKey],
      {
        url: cli.url(GUEST),
      },
    );
    expect([plain.code, plain.json.retcode, plain.json.retmsg]).toEqual([
      1,
      101,
      'request.endpoint: endpoint must be an https:// URL (verification is never off)',
    ]);
    const removed = await flow(['party', 'remove', '-p', '10001'], { url: cli.url(GUEST) });
    expect(removed.json).toEqual({ retcode: 0, retmsg: 'success', data: { party_id: 10001 } });
  });

  it('rotates the signing key without a break: both keys sign until the old one is retired', async () => {
    const guest = cli.federation.site(GUEST);
    const { dsl, conf } = exampleJob('hetero-lr');
    let jobNumber = 0;
    const createAtHost = () => {
      jobNumber += 1;
      return guest.services.peers.call({
        command: 'job.create',
        jobId: `20261127000000000000${jobNumber}`,
        src: { role: 'guest', partyId: GUEST },
        dest: { role: 'host', partyId: HOST },
        body: { dsl, runtimeConf: conf, createTime: Date.now() },
      });
    };
    const before = (await flow(['key', 'query'], { url: cli.url(GUEST) })).json.data as KeyList;
    expect(before.public_keys).toHaveLength(1);
    const rotated = (await flow(['key', 'rotate'], { url: cli.url(GUEST) })).json.data as KeyList;
    expect(rotated.public_keys.slice(0, 1)).toEqual(before.public_keys);
    expect(rotated.public_keys).toHaveLength(2);
    // The host knows only the old public key; the message carries both signatures, so it passes.
    expect((await createAtHost()).retcode).toBe(0);

    const keyArgs = rotated.public_keys.flatMap((k) => ['--public-key', k.public_key]);
    const endpoint = guest.federationUrl;
    const registered = await flow(['party', 'add', '-p', String(GUEST), '--endpoint', endpoint, ...keyArgs], {
      url: cli.url(HOST),
    });
    expect(registered.json.retcode).toBe(0);
    const oldKey = before.public_keys[0]?.key_id ?? '';
    const retired = (await flow(['key', 'retire', '--key-id', oldKey], { url: cli.url(GUEST) })).json.data as KeyList;
    expect(retired.public_keys).toEqual(rotated.public_keys.slice(1));
    expect((await createAtHost()).retcode).toBe(0);

    // A peer that never learnt the new key now refuses the guest.
    const oldOnly = ['--public-key', before.public_keys[0]?.public_key ?? ''];
    await flow(['party', 'add', '-p', String(GUEST), '--endpoint', endpoint, ...oldOnly], { url: cli.url(HOST) });
    const refused = await createAtHost();
    expect(refused.retcode).toBe(109);
    expect(refused.retmsg).toBe('cannot authenticate the sender');

    const lastKey = await flow(['key', 'retire', '--key-id', retired.public_keys[0]?.key_id ?? ''], {
      url: cli.url(GUEST),
    });
    expect([lastKey.code, lastKey.json.retcode]).toEqual([1, 103]);
  });
});
