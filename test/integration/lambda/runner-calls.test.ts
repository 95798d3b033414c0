import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DynamoDelegationStore } from '../../../functions/adapters/dynamodb/delegation-store.js';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import { DynamoPartyStore } from '../../../functions/adapters/dynamodb/party-store.js';
import type { PeerTransport } from '../../../functions/adapters/peers/peer-transport.js';
import { deriveSecretKey } from '../../../functions/adapters/secrets/secrets-manager-signing-key-store.js';
import { readDelegation } from '../../../functions/domain/signing/delegation.js';
import { generateSigningKey, publicKeyOf } from '../../../functions/domain/signing/keys.js';
import { handler as delegation } from '../../../functions/lambda/delegation.js';
import { runnerOutbox } from '../../../functions/lambda/runner-outbox.js';
import { issueDelegationTicket } from '../../../functions/services/tasks/delegation-ticket.js';
import type { LocalDynamo } from '../../support/dynalite.js';
import { PARTY, PEER } from '../../unit/lambda/support/site-env.js';
import { storeJob } from '../runner/records.js';
import { aws, context, SEED, startAwsSiteEnv } from './support/aws-site-env.js';

/** The two functions a runner calls in AWS, on dynalite, with EventBridge and Secrets Manager mocked. */
let dynamo: LocalDynamo;
let jobs: DynamoJobStore;
let delegations: DynamoDelegationStore;
const sitePublicKey = publicKeyOf(deriveSecretKey(SEED));

beforeAll(async () => {
  dynamo = await startAwsSiteEnv();
  jobs = new DynamoJobStore(dynamo.client, dynamo.tableName);
  delegations = new DynamoDelegationStore(dynamo.client, dynamo.tableName);
});

afterAll(async () => {
  await dynamo.stop();
});

/** A running task of this site, launched with a ticket (as the launcher does). */
async function launchedTask() {
  const { key } = await storeJob(jobs, { hetero_lr_0: { module: 'Sleep' } });
  const task = key('hetero_lr_0');
  const ticket = await issueDelegationTicket(delegations, task, 'worker-hetero_lr_0', Date.now);
  return { task, ticket };
}

const call = (event: unknown) => delegation(event, context('fate-flow-delegation'));

describe('the delegation function', () => {
  it("certifies the runner's own key for its running task, signed with the site's key", async () => {
    const { task, ticket } = await launchedTask();
    const runner = generateSigningKey();
    const reply = await call({ task, publicKey: runner.publicKey, ticket });

    const read = readDelegation({
      certificate: reply.certificate,
      publicKeys: [sitePublicKey],
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    expect(read).toEqual({
      ok: true,
      claims: { ...task, publicKey: runner.publicKey, issuedAt: expect.any(Number), notAfter: reply.notAfter },
    });
    expect((await delegations.getDelegation(task))?.publicKey).toBe(runner.publicKey);
  });

  it('renews for the bound key, and refuses another key even with the right ticket', async () => {
    const { task, ticket } = await launchedTask();
    const runner = generateSigningKey();
    await call({ task, publicKey: runner.publicKey, ticket });

    await expect(call({ task, publicKey: runner.publicKey, ticket })).resolves.toMatchObject({
      certificate: expect.any(String),
    });
    await expect(call({ task, publicKey: generateSigningKey().publicKey, ticket })).rejects.toMatchObject({
      name: 'PermissionError',
      message: expect.stringContaining('has another key bound already'),
    });
  });

  it("refuses a wrong ticket, another launch's task, an ended task, another party's task, and writes nothing", async () => {
    const { task, ticket } = await launchedTask();
    const publicKey = generateSigningKey().publicKey;
    await expect(call({ task, publicKey, ticket: `${ticket}x` })).rejects.toThrow(
      'the ticket is not the one its launch was given',
    );
    const other = await launchedTask();
    await expect(call({ task: other.task, publicKey, ticket })).rejects.toThrow(
      'the ticket is not the one its launch was given',
    );
    await jobs.updateTaskPartyStatus(other.task, 'success', { endTime: Date.now() });
    await expect(call({ task: other.task, publicKey, ticket: other.ticket })).rejects.toThrow(
      'is not running as the worker its ticket was issued to',
    );
    await expect(call({ task: { ...task, partyId: PEER }, publicKey, ticket })).rejects.toThrow(
      `party ${PARTY} delegates keys for its own tasks only, not party ${PEER}'s`,
    );
    expect((await delegations.getDelegation(task))?.publicKey).toBeUndefined();
    expect((await delegations.getDelegation(other.task))?.publicKey).toBeUndefined();
  });

  it('refuses a malformed call naming the field', async () => {
    const { task } = await launchedTask();
    await expect(call({ task, publicKey: generateSigningKey().publicKey })).rejects.toMatchObject({
      name: 'ArgumentError',
      message: expect.stringContaining('ticket'),
    });
  });
});

describe('the runner outbox function', () => {
  const posted: { endpoint: string; body: string; headers: Record<string, string> }[] = [];
  const transport: PeerTransport = {
    async post(party, body, headers) {
      posted.push({ endpoint: party.endpoint, body: Buffer.from(body).toString('hex'), headers: { ...headers } });
      return { status: 200, body: Uint8Array.of(8, 0) };
    },
    close() {},
  };
  const outbox = runnerOutbox(transport);
  const send = (event: unknown) => outbox(event, context('fate-flow-runner-outbox'));

  beforeAll(async () => {
    await new DynamoPartyStore(dynamo.client, dynamo.tableName).putParty({
      partyId: PEER,
      endpoint: 'https://federation.party-10000.example.org',
      publicKeys: [generateSigningKey().publicKey],
      updateTime: 1,
    });
  });

  beforeEach(() => {
    posted.length = 0;
    aws.eventBridge.resetHistory();
  });

  it("posts a runner's envelope to the registry's endpoint of the peer, with its signature headers only", async () => {
    const reply = await send({
      kind: 'transfer',
      partyId: PEER,
      body: Buffer.from([1, 2, 3]).toString('base64'),
      headers: {
        'webhook-id': 'msg_1',
        'webhook-timestamp': '1767225600',
        'webhook-signature': 'v1a,AAAA',
        'fate-flow-delegation': 'v1.x.y',
        host: 'evil.example.org',
        'x-forwarded-for': '10.0.0.1',
      },
    });

    expect(reply).toEqual({ status: 200, body: Buffer.from([8, 0]).toString('base64') });
    expect(posted).toEqual([
      {
        endpoint: 'https://federation.party-10000.example.org',
        body: '010203',
        headers: {
          'webhook-id': 'msg_1',
          'webhook-timestamp': '1767225600',
          'webhook-signature': 'v1a,AAAA',
          'fate-flow-delegation': 'v1.x.y',
        },
      },
    ]);
  });

  it('refuses a party the registry does not hold, and a call that is not a transfer or a task end', async () => {
    await expect(send({ kind: 'transfer', partyId: 4242, body: '', headers: {} })).rejects.toThrow(
      "party 4242 is not in this site's party registry",
    );
    await expect(send({ kind: 'job.stop', partyId: PEER })).rejects.toMatchObject({ name: 'ArgumentError' });
    expect(posted).toEqual([]);
  });

  it("puts a runner's TaskEnded on the site's bus, and nothing for a task of another party", async () => {
    const task = { jobId: '202601011200000000001', component: 'pass_0', taskVersion: 0, role: 'guest', partyId: PARTY };
    await expect(send({ kind: 'taskEnded', task, status: 'success' })).resolves.toEqual({});
    await expect(send({ kind: 'taskEnded', task: { ...task, partyId: PEER }, status: 'success' })).rejects.toThrow(
      `task of party ${PEER} announced at the site of party ${PARTY}`,
    );
    const entries = aws.eventBridge.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []);
    expect(entries.map((entry) => [entry.Source, entry.DetailType, JSON.parse(entry.Detail ?? '{}')])).toEqual([
      [`fate-flow.${PARTY}`, 'TaskEnded', { type: 'TaskEnded', ...task, status: 'success' }],
    ]);
  });
});
