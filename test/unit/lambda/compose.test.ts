import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Uint8ArrayBlobAdapter } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { productionCatalog } from '../../../components/catalog.js';
import { loopbackAnswer } from '../../../functions/adapters/peers/loopback-event.js';
import type { FederatedMessage, PeerClient } from '../../../functions/domain/ports/peer-client.js';
import type { JobHead } from '../../../functions/domain/records/job-head.js';
import { composeApi } from '../../../functions/lambda/compose/api.js';
import { composeDelegation } from '../../../functions/lambda/compose/delegation.js';
import { composeDetector } from '../../../functions/lambda/compose/detector.js';
import { composeFederation } from '../../../functions/lambda/compose/federation.js';
import { composeRunnerOutbox } from '../../../functions/lambda/compose/runner-outbox.js';
import { composeScheduler } from '../../../functions/lambda/compose/scheduler.js';
import { composeSteps } from '../../../functions/lambda/compose/steps.js';
import { composeTaskExits } from '../../../functions/lambda/compose/task-exits.js';
import { readSiteEnv } from '../../../functions/lambda/read-site-env.js';
import { FEDERATION_FUNCTION_ARN, PARTY, siteEnv } from './support/site-env.js';

const config = readSiteEnv(siteEnv());
const clock = () => 42;

const lambda = mockClient(LambdaClient);

afterEach(() => {
  lambda.reset();
});

/** A message for this site's own host role; its component name is one no DSL could declare. */
const TO_THIS_SITE: FederatedMessage<'task.start'> = {
  command: 'task.start',
  jobId: '202601011200000000001',
  src: { role: 'guest', partyId: PARTY },
  dest: { role: 'host', partyId: PARTY },
  body: { component: 'not a name!', taskVersion: 0 },
};

describe("each Lambda entry's composition", () => {
  it("configures the site from its environment: one pool of the stack's size, the peers' share of it, S3 tables, the runner's catalog", () => {
    expect(composeApi(config, clock).site).toEqual({
      partyId: PARTY,
      pool: { name: 'default', cores: 16, memory: 32768, nodes: 1, maxCoresPercentPerJob: 1 },
      peerResourceShare: 0.5,
      catalog: productionCatalog,
      permissionCheck: false,
      objectEngine: 'S3',
      boardUrl: 'https://board.party-9999.example.org/',
    });
  });

  it.each([
    [
      'api',
      () => composeApi(config, clock),
      'boundTables clock events jobs launcher models newJobId objects orchestrator parties peers permissions resources signingKeys site tables taskLogs tracking',
    ],
    ['steps', () => composeSteps(config, clock), 'clock events jobs orchestrator peers site'],
    ['scheduler', () => composeScheduler(config, clock), 'clock events jobs orchestrator parties peers'],
    [
      'detector',
      () => composeDetector(config, clock),
      'background clock events jobs launcher orchestrator peers resources site',
    ],
    ['taskExits', () => composeTaskExits(config, clock), 'clock jobs peers site'],
    ['delegation', () => composeDelegation(config, clock), 'clock delegations jobs partyId signingKeys'],
    ['runnerOutbox', () => composeRunnerOutbox(config, clock), 'events parties partyId'],
  ])('%s holds exactly the ports its use cases use', (_entry, compose, ports) => {
    expect(Object.keys(compose()).sort().join(' ')).toBe(ports);
  });

  it.each([
    ['api', () => composeApi(config, clock).peers],
    ['steps', () => composeSteps(config, clock).peers],
    ['scheduler', () => composeScheduler(config, clock).peers],
    ['detector', () => composeDetector(config, clock).peers],
    ['taskExits', () => composeTaskExits(config, clock).peers],
  ])(
    '%s hands a message for this site to the federation function, not to a receiver of its own',
    async (_entry, peers: () => PeerClient) => {
      lambda.on(InvokeCommand).resolves({
        StatusCode: 200,
        Payload: Uint8ArrayBlobAdapter.fromString(JSON.stringify(loopbackAnswer({ retcode: 0, retmsg: 'success' }))),
      });
      expect(await peers().call(TO_THIS_SITE)).toEqual({ retcode: 0, retmsg: 'success' });
      expect(lambda.commandCalls(InvokeCommand).map((call) => call.args[0].input.FunctionName)).toEqual([
        FEDERATION_FUNCTION_ARN,
      ]);
    },
  );

  it('lets the federation function receive its own messages in process, with the ports of every command', async () => {
    const site = composeFederation(config, clock);
    expect(Object.keys(site.ports).sort().join(' ')).toBe(
      'background clock events jobs launcher models objects orchestrator peers permissions resources site tables tracking transferAdmission transfers',
    );
    // Its own receiver answers (refusing the component name before reading anything); nothing is invoked.
    expect(await site.ports.peers.call(TO_THIS_SITE)).toEqual({
      retcode: 101,
      retmsg: expect.stringContaining('task.start: component "not a name!" is not a component name'),
    });
    expect(lambda.commandCalls(InvokeCommand)).toEqual([]);
    expect(site.background).toBe(site.ports.background);
  });

  it('gives the federation endpoint the same party, receiver, job store (its heads kept in memory) and clock as the ports', async () => {
    const site = composeFederation(config, clock);
    const head: JobHead = { jobId: 'j1', initiator: { role: 'guest', partyId: 9999 }, roles: {}, planDigest: 'd' };
    const stored = jest.spyOn(site.ports.jobs, 'getJobHead').mockResolvedValue(head);
    expect(site.inbound.partyId).toBe(PARTY);
    expect(site.inbound.receiver).toBe(site.receiver);
    expect([await site.inbound.jobs.getJobHead('j1'), await site.inbound.jobs.getJobHead('j1')]).toEqual([head, head]);
    expect(stored.mock.calls).toEqual([['j1']]);
    expect([site.inbound.clock(), site.ports.clock()]).toEqual([42, 42]);
  });
});
