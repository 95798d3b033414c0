import { describe, expect, it } from '@jest/globals';
import type { TransferKey, TransferPart } from '../../../../functions/domain/ports/transfer-store.js';
import type { TaskKey } from '../../../../functions/domain/records/task-record.js';
import { hearStoredTransfers, isAddressedTo, tellRunner } from '../../../../local/launcher/transfer-wakeups.js';
import type { StoredTransfer } from '../../../../runner/context/transfer-arrivals.js';
import { transferStoredMessage } from '../../../../runner/ipc-transfer-arrivals.js';
import { fakeChild } from './fake-child.js';

const JOB = '202612071000000000001';
const HOST_TASK: TaskKey = { jobId: JOB, component: 'hetero_lr_0', taskVersion: 0, role: 'host', partyId: 10000 };
const ARBITER_TASK: TaskKey = { ...HOST_TASK, role: 'arbiter' };
const HOST_TO_ARBITER: TransferKey = {
  jobId: JOB,
  src: { role: 'host', partyId: 10000 },
  dest: { role: 'arbiter', partyId: 10000 },
  tag: 'hetero_lr_0/0/lr.gradient',
};
const GRADIENT_PART: TransferPart = { ...HOST_TO_ARBITER, index: 2, count: 3, bytes: new Uint8Array([0, 255, 7]) };

describe("the site's word of stored transfers to its runners", () => {
  it("finds the addressee's task by job, role and party", () => {
    expect(isAddressedTo(HOST_TO_ARBITER, ARBITER_TASK)).toBe(true);
    expect(isAddressedTo(HOST_TO_ARBITER, HOST_TASK)).toBe(false);
    expect(isAddressedTo({ ...HOST_TO_ARBITER, jobId: '202612071000000000002' }, ARBITER_TASK)).toBe(false);
    expect(isAddressedTo(HOST_TO_ARBITER, { ...ARBITER_TASK, partyId: 10001 })).toBe(false);
  });

  it('tells a runner whose channel is open, and not one whose channel closed', () => {
    const open = fakeChild(true);
    const closed = fakeChild(false);

    tellRunner(open.child, HOST_TO_ARBITER);
    tellRunner(closed.child, HOST_TO_ARBITER);

    expect(open.sent).toEqual([transferStoredMessage(HOST_TO_ARBITER)]);
    expect(closed.sent).toEqual([]);
  });

  it("does not fail the site when the runner's channel breaks as the word is written (EPIPE)", () => {
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    const { child, sent, errors } = fakeChild(true, epipe);

    tellRunner(child, HOST_TO_ARBITER);
    expect(sent).toEqual([transferStoredMessage(HOST_TO_ARBITER)]);
    expect(errors).toEqual([]);
  });

  it('hands a runner the stored part with its word, the bytes in base64', () => {
    const { child, sent } = fakeChild(true);

    tellRunner(child, GRADIENT_PART);

    expect(sent).toEqual([
      { type: 'fate-flow-transfer-stored', ...HOST_TO_ARBITER, part: { index: 2, count: 3, base64: 'AP8H' } },
    ]);
  });

  it("takes a runner's word only of its own sends in its own job, with the part it carries", () => {
    const { child } = fakeChild();
    const heard: StoredTransfer[] = [];
    hearStoredTransfers(child, HOST_TASK, (stored) => heard.push(stored));

    child.emit('message', transferStoredMessage(HOST_TO_ARBITER));
    child.emit('message', transferStoredMessage(GRADIENT_PART));
    child.emit('message', transferStoredMessage({ ...GRADIENT_PART, jobId: '202612071000000000002' }));
    child.emit('message', transferStoredMessage({ ...HOST_TO_ARBITER, src: { role: 'guest', partyId: 9999 } }));
    child.emit('message', { ...transferStoredMessage(HOST_TO_ARBITER), part: { index: 4, count: 3, base64: '' } });
    child.emit('message', { type: 'fate-flow-delegation', id: 3, publicKey: 'k', ticket: 't' });

    expect(heard).toEqual([HOST_TO_ARBITER, GRADIENT_PART]);
  });
});
