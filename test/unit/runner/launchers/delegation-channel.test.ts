import { describe, expect, it } from '@jest/globals';
import type { TaskKey } from '../../../../functions/domain/records/task-record.js';
import { type DelegateKey, serveDelegations } from '../../../../local/launcher/delegation-channel.js';
import { DELEGATION_MESSAGE } from '../../../../runner/delegation/ipc-delegation.js';
import { fakeChild } from './fake-child.js';

const TASK: TaskKey = {
  jobId: '202612081000000000001',
  component: 'intersection_0',
  taskVersion: 0,
  role: 'guest',
  partyId: 9999,
};
const REQUEST = { type: DELEGATION_MESSAGE, id: 7, publicKey: 'runner-key', ticket: 'ticket' };

/** Lets the delegation's promise settle and its answer be written. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe("the site's end of a runner's delegation channel", () => {
  it('answers a request for the task the runner was launched for, whatever the runner claims', async () => {
    const { child, sent } = fakeChild();
    const asked: unknown[] = [];
    const delegate: DelegateKey = async (task, request) => {
      asked.push({ task, request });
      return { certificate: 'cert', notAfter: 1_800_000_000_000 };
    };
    serveDelegations(child, TASK, delegate);

    child.emit('message', { ...REQUEST, task: { ...TASK, partyId: 10000 } });
    child.emit('message', { type: 'something else' });
    await settled();

    expect(asked).toEqual([{ task: TASK, request: { publicKey: 'runner-key', ticket: 'ticket' } }]);
    expect(sent).toEqual([{ type: DELEGATION_MESSAGE, id: 7, certificate: 'cert', notAfter: 1_800_000_000_000 }]);
  });

  it("answers a refusal with the error's message", async () => {
    const { child, sent } = fakeChild();
    serveDelegations(child, TASK, async () => {
      throw new Error('the task is not running');
    });

    child.emit('message', REQUEST);
    await settled();

    expect(sent).toEqual([{ type: DELEGATION_MESSAGE, id: 7, error: 'the task is not running' }]);
  });

  it('tells nothing to a runner whose channel closed before the answer came', async () => {
    const { child, sent } = fakeChild(false);
    serveDelegations(child, TASK, async () => ({ certificate: 'cert', notAfter: 1 }));

    child.emit('message', REQUEST);
    await settled();

    expect(sent).toEqual([]);
  });

  it("does not fail the site when the runner's channel breaks as the answer is written (EPIPE)", async () => {
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    const { child, sent, errors } = fakeChild(true, epipe);
    serveDelegations(child, TASK, async () => ({ certificate: 'cert', notAfter: 1 }));

    child.emit('message', REQUEST);
    await settled();

    expect(sent).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
