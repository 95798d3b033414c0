import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  DEFAULT_PEER_RESOURCE_SHARE,
  fitsPeerShare,
  heldForPeer,
  peerShareLimit,
  peerShareRefusal,
} from '../../../../functions/domain/plan/peer-share.js';

describe('peerShareLimit', () => {
  it('is the share of each total, rounded down', () => {
    expect(peerShareLimit({ cores: 20, memory: 32_768 }, 0.5)).toEqual({ cores: 10, memory: 16_384 });
    expect(peerShareLimit({ cores: 7, memory: 1001 }, 0.5)).toEqual({ cores: 3, memory: 500 });
    expect(peerShareLimit({ cores: 16, memory: 0 }, 0.3)).toEqual({ cores: 4, memory: 0 });
  });

  it('lends nothing at share 0 and the whole pool at share 1', () => {
    expect(peerShareLimit({ cores: 20, memory: 100 }, 0)).toEqual({ cores: 0, memory: 0 });
    expect(peerShareLimit({ cores: 20, memory: 100 }, 1)).toEqual({ cores: 20, memory: 100 });
  });

  it('defaults to half the pool', () => {
    expect(DEFAULT_PEER_RESOURCE_SHARE).toBe(0.5);
  });

  it('never exceeds the pool and never goes negative', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 100_000 }),
        fc.nat({ max: 1_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (cores, memory, share) => {
          const limit = peerShareLimit({ cores, memory }, share);
          return limit.cores >= 0 && limit.cores <= cores && limit.memory >= 0 && limit.memory <= memory;
        },
      ),
    );
  });
});

describe('heldForPeer', () => {
  const grants = [
    { cores: 4, memory: 100, peer: 10000 },
    { cores: 6, memory: 0 },
    { cores: 3, memory: 50, peer: 10000 },
    { cores: 2, memory: 7, peer: 7777 },
  ];

  it("sums the grants of that peer's jobs only", () => {
    expect(heldForPeer(grants, 10000)).toEqual({ cores: 7, memory: 150 });
    expect(heldForPeer(grants, 7777)).toEqual({ cores: 2, memory: 7 });
    expect(heldForPeer(grants, 9999)).toEqual({ cores: 0, memory: 0 });
    expect(heldForPeer([], 10000)).toEqual({ cores: 0, memory: 0 });
  });
});

describe('fitsPeerShare', () => {
  const limit = { cores: 10, memory: 1000 };

  it('takes a grant that reaches the limit exactly and refuses one core or MB more', () => {
    expect(fitsPeerShare({ cores: 6, memory: 0 }, { cores: 4, memory: 1000 }, limit)).toBe(true);
    expect(fitsPeerShare({ cores: 6, memory: 0 }, { cores: 5, memory: 0 }, limit)).toBe(false);
    expect(fitsPeerShare({ cores: 0, memory: 600 }, { cores: 1, memory: 401 }, limit)).toBe(false);
    expect(fitsPeerShare({ cores: 0, memory: 0 }, { cores: 11, memory: 0 }, limit)).toBe(false);
  });

  it('refuses everything but an empty grant under a zero limit', () => {
    const none = { cores: 0, memory: 0 };
    expect(fitsPeerShare(none, { cores: 1, memory: 0 }, none)).toBe(false);
    expect(fitsPeerShare(none, none, none)).toBe(true);
  });
});

describe('peerShareRefusal', () => {
  it('names the party, the peer, the share and the numbers', () => {
    expect(
      peerShareRefusal({
        partyId: 10000,
        jobId: '202601011200000000001',
        peer: 'guest 9999',
        share: 0.5,
        pool: { cores: 20, memory: 0 },
        held: { cores: 4, memory: 0 },
        demand: { cores: 20, memory: 0 },
      }),
    ).toBe(
      'party 10000 lends jobs initiated by guest 9999 at most peer_resource_share 0.5 of its pool: ' +
        '10 of 20 cores; they hold 4 and job 202601011200000000001 needs 20',
    );
  });

  it('adds the memory when memory is what does not fit', () => {
    expect(
      peerShareRefusal({
        partyId: 10000,
        jobId: 'j',
        peer: 'host 7777',
        share: 0.25,
        pool: { cores: 16, memory: 4000 },
        held: { cores: 1, memory: 900 },
        demand: { cores: 1, memory: 200 },
      }),
    ).toBe(
      'party 10000 lends jobs initiated by host 7777 at most peer_resource_share 0.25 of its pool: ' +
        '4 of 16 cores; they hold 1 and job j needs 1, memory 900 MB held + 200 MB asked > 1000 MB',
    );
  });
});
