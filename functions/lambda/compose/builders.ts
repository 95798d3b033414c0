/**
 * The adapters the entries' compositions share, one builder each, from SITE_ENV. Each builds its
 * own SDK client, so an entry bundles and constructs only the clients of the adapters it uses.
 * Region, credentials and endpoints are the SDK's (AWS_ENDPOINT_URL_<SERVICE> in the tests). No
 * builder makes a call.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { createDocumentClient } from '../../adapters/dynamodb/client.js';
import { createSiteStores, type SiteStores } from '../../adapters/dynamodb/site-stores.js';
import { EventBridgeEventBus } from '../../adapters/events/eventbridge-event-bus.js';
import { EcsTaskLauncher } from '../../adapters/launchers/ecs-task-launcher.js';
import { InvokedFederationReceiver } from '../../adapters/peers/invoked-federation-receiver.js';
import { LoopbackPeerClient } from '../../adapters/peers/loopback-peer-client.js';
import { recentParties } from '../../adapters/peers/recent-parties.js';
import { SignedPeerClient } from '../../adapters/peers/signed-peer-client.js';
import { SecretsManagerSigningKeyStore } from '../../adapters/secrets/secrets-manager-signing-key-store.js';
import { StepFunctionsOrchestrator } from '../../adapters/workflow/step-functions-orchestrator.js';
import type { DelegationStore } from '../../domain/ports/delegation-store.js';
import type { PartyStore } from '../../domain/ports/party-store.js';
import type { FederationReceiver, PeerClient } from '../../domain/ports/peer-client.js';
import type { SigningKeyStore } from '../../domain/ports/signing-key-store.js';
import { RUNNER_ENV } from '../../domain/ports/task-launcher.js';
import { issueDelegationTicket } from '../../services/tasks/delegation-ticket.js';
import type { SiteEnvConfig } from '../read-site-env.js';

/** The site's stores over its one table. */
export function storesOf(config: SiteEnvConfig, clock: () => number): SiteStores {
  return createSiteStores(createDocumentClient(new DynamoDBClient({})), config.tableName, clock);
}

export function signingKeysOf(config: SiteEnvConfig, clock: () => number): SecretsManagerSigningKeyStore {
  return new SecretsManagerSigningKeyStore(new SecretsManagerClient({}), {
    secretId: config.signingKeySecretArn,
    clock,
  });
}

export function eventBusOf(config: SiteEnvConfig): EventBridgeEventBus {
  return new EventBridgeEventBus(new EventBridgeClient({}), {
    eventBusName: config.eventBusName,
    partyId: config.partyId,
  });
}

export function orchestratorOf(config: SiteEnvConfig): StepFunctionsOrchestrator {
  return new StepFunctionsOrchestrator(new SFNClient({}), { stateMachineArn: config.stateMachineArn });
}

/**
 * Messages to other parties, signed with the site's key. No `ca`: peers' certificates chain to public
 * CAs. A party's record (its endpoint) is read once per PARTY_RECORD_REUSE_MS per function instance,
 * not once per message (two of which are on every stage's path), as a peer's keys are at the
 * endpoint: a party re-registered elsewhere is addressed anew within that time.
 */
function signedPeersOf(parties: PartyStore, signingKeys: SigningKeyStore, clock: () => number): SignedPeerClient {
  return new SignedPeerClient({
    parties: recentParties(parties, { clock }),
    signingKeys: () => signingKeys.secretKeys(),
    clock,
  });
}

/**
 * The peer client of every function but `federation`: a message to another party is signed and
 * posted; one to this same site goes to the site's `federation` function by a direct invocation,
 * which receives it there. So these functions need neither RunTask nor StopTask for what receiving
 * does, only lambda:InvokeFunction on that one function.
 */
export function peersThroughFederationOf(
  config: SiteEnvConfig,
  parties: PartyStore,
  signingKeys: SigningKeyStore,
  clock: () => number,
): PeerClient {
  const local = new InvokedFederationReceiver(new LambdaClient({}), {
    functionArn: config.federationFunctionArn,
    clock,
  });
  return new LoopbackPeerClient({
    partyId: config.partyId,
    remote: signedPeersOf(parties, signingKeys, clock),
    local: () => local,
  });
}

/**
 * The `federation` function's peer client: a message to this same site goes to `receiver()`, in
 * process (it is built from the ports that hold this client, so it is asked for on each message).
 */
export function peersInProcessOf(
  config: SiteEnvConfig,
  parties: PartyStore,
  signingKeys: SigningKeyStore,
  clock: () => number,
  receiver: () => FederationReceiver,
): PeerClient {
  return new LoopbackPeerClient({
    partyId: config.partyId,
    remote: signedPeersOf(parties, signingKeys, clock),
    local: receiver,
  });
}

/**
 * Runner tasks on Fargate. The runner uses the SDK's default DynamoDB endpoint and the bucket: no
 * local-only variable. It never reads the site's signing key: the `delegation` function certifies a
 * key of its own (with the ticket of its launch), and its transfers and its TaskEnded announcement
 * go out through the `runnerOutbox` function, since runners have no route to the internet.
 */
export function launcherOf(config: SiteEnvConfig, delegations: DelegationStore, clock: () => number): EcsTaskLauncher {
  return new EcsTaskLauncher(new ECSClient({}), {
    cluster: config.cluster,
    taskDefinition: config.taskDefinition,
    subnets: config.subnets,
    securityGroups: config.securityGroups,
    env: {
      [RUNNER_ENV.partyId]: String(config.partyId),
      [RUNNER_ENV.tableName]: config.tableName,
      [RUNNER_ENV.bucket]: config.bucket,
      [RUNNER_ENV.delegationFunction]: config.delegationFunctionArn,
      [RUNNER_ENV.outboxFunction]: config.runnerOutboxFunctionArn,
    },
    launchEnv: async (task, workerId) => ({
      [RUNNER_ENV.delegationTicket]: await issueDelegationTicket(delegations, task, workerId, clock),
    }),
  });
}
