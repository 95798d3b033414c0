/**
 * The runner's data plane built from its environment (part of the runner's composition root,
 * with entry.ts): the site's party registry and a TransferStore on the site's own table, and a
 * SignedPeerClient that signs with the runner's own delegated key (delegation/delegated-key.ts),
 * never the site's. Locally it posts to peers over HTTPS trusting the local CA; in AWS, where
 * runners have no route to the internet, through the site's `runnerOutbox` function. A value for a
 * task of this same site goes through a loopback to the transfer receiver on the site's store
 * instead (federation/inbound/transfer-receiver.ts: admitted and stored as a peer's would be).
 *
 * The peer client (protobuf codec, HTTPS, the Lambda client, the delegated key's Ed25519) is
 * loaded on the first call to another site, or when a component prepares one (`prepare`): most
 * tasks never make one, and in the bundle each is a chunk of its own that a task's process reads
 * only then.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoPartyStore } from '../functions/adapters/dynamodb/party-store.js';
import { DynamoTransferAdmissionReads } from '../functions/adapters/dynamodb/transfer-admission-reads.js';
import { DynamoTransferStore } from '../functions/adapters/dynamodb/transfer-store.js';
import { LoopbackPeerClient } from '../functions/adapters/peers/loopback-peer-client.js';
import { recentParties } from '../functions/adapters/peers/recent-parties.js';
import type { DelegationRequester } from '../functions/adapters/runner-calls/delegation-client.js';
import { ArgumentError } from '../functions/domain/errors.js';
import type { RoleParties } from '../functions/domain/job/roles.js';
import type { PeerClient } from '../functions/domain/ports/peer-client.js';
import { RUNNER_ENV } from '../functions/domain/ports/task-launcher.js';
import type { TaskKey } from '../functions/domain/records/task-record.js';
import { createTransferReceiver } from '../functions/federation/inbound/transfer-receiver.js';
import type { FederationChannel } from './components/component.js';
import { createFederationChannel } from './context/federation-channel.js';
import { announcingTransferStore } from './context/transfer-arrivals.js';
import { ipcDelegation } from './delegation/ipc-delegation.js';
import { announceStoredTransfer, ipcTransferArrivals } from './ipc-transfer-arrivals.js';
import type { RunnerConfig } from './runner-env.js';

async function delegationRequester(config: RunnerConfig): Promise<DelegationRequester> {
  const route = config.delegation;
  if (route === undefined) {
    // Values for this site's own tasks need no signature; only a peer call gets here.
    throw new ArgumentError(
      `the runner has no delegated key to send values to other parties: its launcher set no ${RUNNER_ENV.delegationTicket}`,
    );
  }
  if (route.kind === 'ipc') return ipcDelegation(route.ticket);
  const [{ LambdaClient }, { lambdaDelegation }] = await Promise.all([
    import('@aws-sdk/client-lambda'),
    import('../functions/adapters/runner-calls/delegation-client.js'),
  ]);
  return lambdaDelegation(new LambdaClient({}), route.functionName, config.task, route.ticket);
}

/** A SignedPeerClient with the runner's delegated key, built on its first use. */
function lazyPeerClient(config: RunnerConfig, doc: DynamoDBDocumentClient): PeerClient {
  let client: Promise<PeerClient> | undefined;
  const load = async (): Promise<PeerClient> => {
    const request = await delegationRequester(config);
    const [{ SignedPeerClient }, { delegatedKey }] = await Promise.all([
      import('../functions/adapters/peers/signed-peer-client.js'),
      import('./delegation/delegated-key.js'),
    ]);
    // A value's parts to one party look its endpoint up once (recent-parties.ts), not once each.
    const parties = recentParties(new DynamoPartyStore(doc, config.tableName));
    const signer = { delegatedKey: delegatedKey(request) };
    if (config.outboxFunction !== undefined) {
      const [{ LambdaClient }, { outboxTransport }] = await Promise.all([
        import('@aws-sdk/client-lambda'),
        import('../functions/adapters/runner-calls/outbox-clients.js'),
      ]);
      return new SignedPeerClient({
        parties,
        ...signer,
        transport: outboxTransport(new LambdaClient({}), config.outboxFunction),
      });
    }
    return new SignedPeerClient({
      parties,
      ...signer,
      ...(config.federationCa === undefined ? {} : { ca: config.federationCa }),
    });
  };
  const loaded = (): Promise<PeerClient> =>
    (client ??= load().catch((error: unknown) => {
      // Not kept: the next call tries again (a missing delegation is reported on every call).
      client = undefined;
      throw error;
    }));
  return {
    async call(message) {
      return (await loaded()).call(message);
    },
    prepare(dest) {
      // A failure here is the first call's to report (it loads again).
      loaded().then(
        (ready) => ready.prepare?.(dest),
        () => undefined,
      );
    },
  };
}

/**
 * The factory RunTaskDeps.federation takes. The peer client's kept-alive connections need no
 * closing: the runner process exits explicitly when its task is over.
 */
export function federationFromConfig(
  config: RunnerConfig,
  doc: DynamoDBDocumentClient,
): { readonly federation: (task: TaskKey, roles: RoleParties) => FederationChannel } {
  const transfers = new DynamoTransferStore(doc, config.tableName);
  // Locally the site tells this runner of values stored for it, and passes on the word of those
  // this runner stores for another task of the site; a Fargate runner has no channel and polls.
  const arrivals = config.delegation?.kind === 'ipc' ? ipcTransferArrivals() : undefined;
  const ownSite = createTransferReceiver({
    transferAdmission: new DynamoTransferAdmissionReads(doc, config.tableName),
    transfers: arrivals === undefined ? transfers : announcingTransferStore(transfers, announceStoredTransfer),
    clock: Date.now,
  });
  const peers = new LoopbackPeerClient({
    partyId: config.task.partyId,
    remote: lazyPeerClient(config, doc),
    local: () => ownSite,
  });
  return {
    federation: (task, roles) =>
      createFederationChannel({ task, roles, peers, transfers, ...(arrivals !== undefined && { arrivals }) }),
  };
}
