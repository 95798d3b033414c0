import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { PartyRef } from '../../../functions/domain/job/roles.js';
import type { PeerClient } from '../../../functions/domain/ports/peer-client.js';
import type { TransferKey, TransferStore } from '../../../functions/domain/ports/transfer-store.js';
import { receiveTransfer } from '../../../functions/services/federation/receive-transfer.js';
import { createFederationChannel } from '../../../runner/context/federation-channel.js';
import { announcingTransferStore, TransferArrivalSignal } from '../../../runner/context/transfer-arrivals.js';
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

/** The guest's store, each part stored telling `signal`; `looked` resolves at the store's first listing. */
function guestSide() {
  const signal = new TransferArrivalSignal();
  const memory = new MemoryTransferStore(() => Date.now());
  const announced: TransferKey[] = [];
  const transfers = announcingTransferStore(memory, (key) => {
    announced.push(key);
    signal.arrived(key);
  });
  let lookedAt!: () => void;
  const looked = new Promise<void>((resolve) => {
    lookedAt = resolve;
  });
  const watched: TransferStore = {
    putPart: (part, expiresAt) => transfers.putPart(part, expiresAt),
    listParts: (key) => {
      lookedAt();
      return transfers.listParts(key);
    },
    usage: (jobId) => transfers.usage(jobId),
  };
  return { signal, transfers: watched, announced, looked };
}

describe('word of stored transfers wakes a waiting get', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('returns a value sent after the get began, without any poll', async () => {
    const guest = guestSide();
    const unused: PeerClient = { call: () => Promise.reject(new Error('the guest sends nothing here')) };
    const guestChannel = createFederationChannel({
      task: { jobId: JOB, component: 'exchange_0', taskVersion: 0, ...GUEST },
      roles: ROLES,
      peers: unused,
      transfers: guest.transfers,
      arrivals: guest.signal,
      polling: NO_POLL,
    });
    // The host's value reaches the guest's store as the site's receiver stores it.
    const hostChannel = createFederationChannel({
      task: { jobId: JOB, component: 'exchange_0', taskVersion: 0, ...HOST },
      roles: ROLES,
      peers: { call: (message) => receiveTransfer({ transfers: guest.transfers, clock: Date.now }, message as never) },
      transfers: new MemoryTransferStore(() => Date.now()),
    });

    const got = guestChannel.get('ping', HOST, { timeoutMs: 7_200_000 });
    await guest.looked;
    await hostChannel.remote('ping', { n: 7n, text: 'hello' }, [GUEST]);

    await expect(got).resolves.toEqual({ n: 7n, text: 'hello' });
    expect(guest.announced).toEqual([keyOf('ping')]);
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

describe('announcingTransferStore', () => {
  it('tells of a newly stored part only: not of a redelivery, nor of a refused one', async () => {
    const told: TransferKey[] = [];
    const store = announcingTransferStore(new MemoryTransferStore(() => 0), (key) => told.push(key));
    const part = { ...keyOf('v'), index: 1, count: 1, bytes: new Uint8Array([1, 2]) };

    await expect(store.putPart(part, 10)).resolves.toBe('stored');
    await expect(store.putPart(part, 10)).resolves.toBe('same');
    await expect(store.putPart({ ...part, bytes: new Uint8Array([3]) }, 10)).rejects.toThrow(
      'part 1 is already stored with a different value',
    );

    expect(told).toEqual([keyOf('v')]);
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
  });

  it('has no arrivals without a channel, and sends word only while the channel is open', () => {
    expect(ipcTransferArrivals(new EventEmitter() as unknown as NodeJS.Process)).toBeUndefined();
    const open = fakeChannel(true);
    const closed = fakeChannel(false);

    announceStoredTransfer(keyOf('y'), open.channel);
    announceStoredTransfer(keyOf('y'), closed.channel);

    expect(open.sent).toEqual([{ type: 'fate-flow-transfer-stored', ...keyOf('y') }]);
    expect(closed.sent).toEqual([]);
    expect(isTransferStoredMessage(open.sent[0])).toBe(true);
  });
});
