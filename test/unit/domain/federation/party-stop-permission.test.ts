import { describe, expect, it } from '@jest/globals';
import { senderMayCall } from '../../../../functions/domain/federation/command-permissions.js';
import type { PartyRef } from '../../../../functions/domain/job/roles.js';
import type { FederatedMessage } from '../../../../functions/domain/ports/peer-client.js';
import type { JobHead } from '../../../../functions/domain/records/job-head.js';

const job: JobHead = {
  jobId: '202601011200000000001',
  initiator: { role: 'guest', partyId: 9999 },
  roles: { guest: [9999], host: [10000], arbiter: [10000] },
  planDigest: 'sha256:unused-by-permissions',
};

const partyStop = (src: PartyRef, dest: PartyRef): FederatedMessage<'job.party.stop'> => ({
  command: 'job.party.stop',
  jobId: '202601011200000000001',
  src,
  dest,
  body: { status: 'canceled' },
});

describe('who may send job.party.stop', () => {
  it('lets a party of the job tell the initiator', () => {
    expect(senderMayCall(partyStop({ role: 'host', partyId: 10000 }, job.initiator), job)).toEqual({ ok: true });
    expect(senderMayCall(partyStop({ role: 'arbiter', partyId: 10000 }, job.initiator), job)).toEqual({ ok: true });
  });

  it('refuses it to any party but the initiator', () => {
    expect(senderMayCall(partyStop({ role: 'guest', partyId: 9999 }, { role: 'host', partyId: 10000 }), job)).toEqual({
      ok: false,
      reason: 'job.party.stop of job 202601011200000000001 goes to its initiator guest 9999',
    });
  });
});
