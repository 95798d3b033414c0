import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { PartyRef } from '../../../functions/domain/job/roles.js';
import type { PeerClient } from '../../../functions/domain/ports/peer-client.js';
import type { TransferKey, TransferPart, TransferStore } from '../../../functions/domain/ports/transfer-store.js';
import { receiveTransfer } from '../../../functions/services/federation/receive-transfer.js';
import { createFederationChannel } from '../../../runner/context/federation-channel.js';
import {
  announcingTransferStore,
  type StoredTransfer,
  TransferArrivalSignal,
} from '../../../runner/context/transfer-arrivals.js';
import {
  announceStoredTransfer,
  ipcTransferArrivals,
  isTransferStoredMessage,
  transferStoredMessage,
} from '../../../runner/ipc-transfer-arrivals.js';
import { MemoryTransferStore } from '../../support/fakes/memory-data-stores.js';

const JOB = '202612071000000000001';
const GUEST: PartyRef = { role: 'guest', partyId: 9999 };
const HOST: PartyRef = { role: 'host', partyId: 10000 };
const ROLES = { guest: [9999], host: [10000] };
/** Polls so slow that a `get` which returns came back on the word, not on a poll. */
const NO_POLL = { firstMs: 3_600_000, maxMs: 3_600_000 };
const keyOf = (tag: string): TransferKey => ({ jobId: JOB, src: HOST, dest: GUEST, tag: `exchange_0/0/${tag}` });

const keyOnly = ({ jobId, src, dest, tag }: TransferKey): TransferKey => ({ jobId, src, dest, tag });
const partOf = (tag: string, index: number, count: number, bytes: number[]): TransferPart => ({
  ...keyOf(tag),
  index,
  count,
  bytes: new Uint8Array(bytes),
});

/**
 * The guest's store, each part stored telling `signal` (with the part, or its key alone when
 * `carry` is false); `looked` resolves at the store's first listing, `looks` counts them.
 */
function guestSide(carry = true) {
  const signal = new TransferArrivalSignal();
  const memory = new MemoryTransferStore(() => Date.now());
  const announced: TransferKey[] = [];
  const transfers = announcingTransferStore(memory, (part) => {
    announced.push(keyOnly(part));
    signal.arrived(carry ? part : keyOnly(part));
  });
  let lookedAt!: () => void;
  const looked = new Promise<void>((resolve) => {
    lookedAt = resolve;
  });
  const counter = { looks: 0 };
  const watched: TransferStore = {
    putPart: (part, expiresAt) => transfers.putPart(part, expiresAt),
    listParts: (key) => {
      counter.looks += 1;
      lookedAt();
      return transfers.listParts(key);
    },
    usage: (jobId) => transfers.usage(jobId),
  };
  return { signal, transfers: watched, announced, looked, counter };
}

/**
 * The guest's channel on `guest`'s store and arrivals (it sends nothing), and the host's, whose
 * values reach the guest's store as the site's receiver stores them; `partBytes` cuts values small.
 */
function channelsOf(guest: ReturnType<typeof guestSide>, partBytes?: number) {
  const unused: PeerClient = { call: () => Promise.reject(new Error('the guest sends nothing here')) };
  const parts = partBytes === undefined ? {} : { partBytes };
  const guestChannel = createFederationChannel({
    task: { jobId: JOB, component: 'exchange_0', taskVersion: 0, ...GUEST },
    roles: ROLES,
    peers: unused,
    transfers: guest.transfers,
    arrivals: guest.signal,
    polling: NO_POLL,
    ...parts,
  });
  const hostChannel = createFederationChannel({
    task: { jobId: JOB, component: 'exchange_0', taskVersion: 0, ...HOST },
    roles: ROLES,
    peers: { call: (message) => receiveTransfer({ transfers: guest.transfers, clock: Date.now }, message as never) },
    transfers: new MemoryTransferStore(() => Date.now()),
    ...parts,
  });
  return { guestChannel, hostChannel };
}

describe('word of stored transfers wakes a waiting get', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it.each([
    ['with the part it carried: one look at the store, before the value came', true, 1],
    ['reading the part the word only names: a second look', false, 2],
  ])('returns a value sent after the get began, without any poll, %s', async (_how, carry, looks) => {
    const guest = guestSide(carry);
    const { guestChannel, hostChannel } = channelsOf(guest);

    const got = guestChannel.get('ping', HOST, { timeoutMs: 7_200_000 });
    await guest.looked;
    await hostChannel.remote('ping', { n: 7n, text: 'hello' }, [GUEST]);

    await expect(got).resolves.toEqual({ n: 7n, text: 'hello' });
    expect(guest.announced).toEqual([keyOf('ping')]);
    expect(guest.counter.looks).toBe(looks);
  });

  it('takes a value whose parts all came with their word before the get began, without looking at the store', async () => {
    const guest = guestSide();
    const { guestChannel, hostChannel } = channelsOf(guest, 8);
    await hostChannel.remote('long', 'a value cut into several parts', [GUEST]);
    expect(guest.announced.length).toBeGreaterThan(2);

    await expect(guestChannel.get('long', HOST)).resolves.toBe('a value cut into several parts');
    expect(guest.counter.looks).toBe(0);
    // The get is over: the parts it took are no longer kept.
    expect(guest.signal.delivered(keyOf('long'))).toEqual([]);
  });

  it('keeps the timeout: with no value and no word, the get fails once the wait is over', async () => {
    const guest = guestSide();
    const channel = createFederationChannel({
      task: { jobId: JOB, component: 'exchange_0', taskVersion: 0, ...GUEST },
      roles: ROLES,
      peers: { call: () => Promise.reject(new Error('unused')) },
      transfers: guest.transfers,
      arrivals: guest.signal,
      polling: { firstMs: 10, maxMs: 500 },
    });

    const got = channel.get('never', HOST, { timeoutMs: 2_000 });
    const failed = expect(got).rejects.toThrow(
      `get "never" from host 10000 (exchange_0/0/never, job ${JOB}): nothing arrived within 2000 ms`,
    );
    await jest.advanceTimersByTimeAsync(2_000);
    await failed;
  });
});

describe('TransferArrivalSignal', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('returns at once for word that came after the mark, even before the wait began', async () => {
    const signal = new TransferArrivalSignal();
    const mark = signal.mark();
    signal.arrived(keyOf('a'));

    let woke = false;
    const waiting = signal.wait(keyOf('a'), mark, 60_000).then(() => {
      woke = true;
    });
    await Promise.resolve();

    expect(woke).toBe(true);
    await waiting;
  });

  it('is not woken by word of another tag, nor by word older than its mark; the pause still ends', async () => {
    const signal = new TransferArrivalSignal();
    signal.arrived(keyOf('a'));
    const mark = signal.mark();
    let woke = false;
    const waiting = signal.wait(keyOf('a'), mark, 1_000).then(() => {
      woke = true;
    });

    signal.arrived(keyOf('b'));
    await jest.advanceTimersByTimeAsync(999);
    expect(woke).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(woke).toBe(true);
    await waiting;
  });

  it('forgets the word of a finished get, so a later mark-less wait pauses', async () => {
    const signal = new TransferArrivalSignal();
    signal.arrived(keyOf('a'));
    signal.forget(keyOf('a'));
    let woke = false;
    const waiting = signal.wait(keyOf('a'), 0, 100).then(() => {
      woke = true;
    });
    await Promise.resolve();

    expect(woke).toBe(false);
    await jest.advanceTimersByTimeAsync(100);
    await waiting;
    expect(woke).toBe(true);
  });
});

describe('TransferArrivalSignal: the parts its word carried', () => {
  it('keeps each index once, per key, until the get forgets the key', () => {
    const signal = new TransferArrivalSignal();
    signal.arrived(partOf('a', 2, 2, [2]));
    signal.arrived(partOf('a', 1, 2, [1]));
    signal.arrived(partOf('a', 1, 2, [9]));
    signal.arrived(partOf('b', 1, 1, [3]));
    signal.arrived(keyOf('c'));

    expect(signal.delivered(keyOf('a'))).toEqual([partOf('a', 2, 2, [2]), partOf('a', 1, 2, [1])]);
    expect(signal.delivered(keyOf('c'))).toEqual([]);
    signal.forget(keyOf('a'));
    expect(signal.delivered(keyOf('a'))).toEqual([]);
    expect(signal.delivered(keyOf('b'))).toEqual([partOf('b', 1, 1, [3])]);
  });

  it('keeps no more bytes than its limit: past it, word still wakes, and the part stays in the store only', async () => {
    const signal = new TransferArrivalSignal(4);
    signal.arrived(partOf('a', 1, 1, [1, 2, 3]));
    const mark = signal.mark();
    signal.arrived(partOf('b', 1, 1, [4, 5]));

    expect(signal.delivered(keyOf('b'))).toEqual([]);
    await signal.wait(keyOf('b'), mark, 3_600_000);
    // Forgetting what was kept makes room again.
    signal.forget(keyOf('a'));
    signal.arrived(partOf('c', 1, 1, [6, 7, 8, 9]));
    expect(signal.delivered(keyOf('c'))).toEqual([partOf('c', 1, 1, [6, 7, 8, 9])]);
  });
});

describe('announcingTransferStore', () => {
  it('tells of a newly stored part only: not of a redelivery, nor of a refused one', async () => {
    const told: StoredTransfer[] = [];
    const store = announcingTransferStore(new MemoryTransferStore(() => 0), (part) => told.push(part));
    const part = { ...keyOf('v'), index: 1, count: 1, bytes: new Uint8Array([1, 2]) };

    await expect(store.putPart(part, 10)).resolves.toBe('stored');
    await expect(store.putPart(part, 10)).resolves.toBe('same');
    await expect(store.putPart({ ...part, bytes: new Uint8Array([3]) }, 10)).rejects.toThrow(
      'part 1 is already stored with a different value',
    );

    expect(told).toEqual([part]);
  });
});

describe("the runner's IPC word", () => {
  /** A process's IPC side: what it sent, and a way to deliver it a message. */
  function fakeChannel(connected = true) {
    const emitter = new EventEmitter();
    const sent: unknown[] = [];
    const channel = Object.assign(emitter, {
      connected,
      send: (message: unknown) => sent.push(message) > 0,
    }) as unknown as NodeJS.Process;
    return { channel, sent, emitter };
  }

  it("feeds the site's word to the runner's signal and ignores anything else on the channel", async () => {
    const { channel, emitter } = fakeChannel();
    const signal = ipcTransferArrivals(channel);
    if (signal === undefined) throw new Error('a channel with send has arrivals');
    const mark = signal.mark();

    emitter.emit('message', { type: 'fate-flow-delegation', id: 1 });
    emitter.emit('message', { ...transferStoredMessage(keyOf('x')), dest: { role: 'guest' } });
    expect(signal.mark()).toBe(mark);
    emitter.emit('message', transferStoredMessage(keyOf('x')));

    expect(signal.mark()).toBe(mark + 1);
    await signal.wait(keyOf('x'), mark, 3_600_000);
    emitter.emit('message', transferStoredMessage(partOf('x', 1, 1, [250, 0, 1])));
    expect(signal.delivered(keyOf('x'))).toEqual([partOf('x', 1, 1, [250, 0, 1])]);
  });

  it('refuses word carrying a part out of place or without its bytes', () => {
    const word = transferStoredMessage(partOf('x', 1, 2, [1]));
    expect(isTransferStoredMessage(word)).toBe(true);
    expect(isTransferStoredMessage({ ...word, part: { index: 0, count: 2, base64: 'AQ==' } })).toBe(false);
    expect(isTransferStoredMessage({ ...word, part: { index: 3, count: 2, base64: 'AQ==' } })).toBe(false);
    expect(isTransferStoredMessage({ ...word, part: { index: 1.5, count: 2, base64: 'AQ==' } })).toBe(false);
    expect(isTransferStoredMessage({ ...word, part: { index: 1, count: 2 } })).toBe(false);
  });

  it('has no arrivals without a channel, and sends word only while the channel is open', () => {
    expect(ipcTransferArrivals(new EventEmitter() as unknown as NodeJS.Process)).toBeUndefined();
    const open = fakeChannel(true);
    const closed = fakeChannel(false);

    announceStoredTransfer(keyOf('y'), open.channel);
    announceStoredTransfer(partOf('y', 1, 1, [255]), open.channel);
    announceStoredTransfer(keyOf('y'), closed.channel);

    expect(open.sent).toEqual([
      { type: 'fate-flow-transfer-stored', ...keyOf('y') },
      { type: 'fate-flow-transfer-stored', ...keyOf('y'), part: { index: 1, count: 1, base64: '/w==' } },
    ]);
    expect(closed.sent).toEqual([]);
    expect(isTransferStoredMessage(open.sent[0])).toBe(true);
  });
});
