/**
 * The runner's data plane built from its environment (part of the runner's composition root,
 * with entry.ts): the site's party registry and a TransferStore on the site's own table, a
 * SignedPeerClient with the site's signing keys (its key file locally, its Secrets Manager secret
 * in AWS) and the TLS trust the site's own peer client has (the local CA, or the public roots).
 *
 * The peer client (protobuf codec, HTTPS, Secrets Manager) is loaded on the first call to another
 * site: most tasks never make one, and loading it costs every task process ~0.3 s at start.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoPartyStore } from '../functions/adapters/dynamodb/party-store.js';
import { DynamoTransferStore } from '../functions/adapters/dynamodb/transfer-store.js';
import { ArgumentError } from '../functions/domain/errors.js';
import type { RoleParties } from '../functions/domain/job/roles.js';
import type { PeerClient } from '../functions/domain/ports/peer-client.js';
import { RUNNER_ENV } from '../functions/domain/ports/task-launcher.js';
import type { TaskKey } from '../functions/domain/records/task-record.js';
import type { FederationChannel } from './components/component.js';
import { createFederationChannel } from './context/federation-channel.js';
import type { RunnerConfig, SigningKeysLocation } from './runner-env.js';
import { signingKeysFromFile } from './signing-key-file.js';

async function signingKeys(location: SigningKeysLocation | undefined): Promise<() => Promise<readonly string[]>> {
  if (location === undefined) {
    // Values for this site's own tasks need no signature; only a peer call gets here.
    return () =>
      Promise.reject(
        new ArgumentError(
          `the runner has no signing keys to send values to other parties: set ${RUNNER_ENV.signingKeyFile} or ${RUNNER_ENV.signingKeySecretArn}`,
        ),
      );
  }
  if (location.kind === 'file') return signingKeysFromFile(location.path);
  const [{ SecretsManagerClient }, { SecretsManagerSigningKeyStore }] = await Promise.all([
    import('@aws-sdk/client-secrets-manager'),
    import('../functions/adapters/secrets/secrets-manager-signing-key-store.js'),
  ]);
  const store = new SecretsManagerSigningKeyStore(new SecretsManagerClient({}), { secretId: location.secretId });
  return () => store.secretKeys();
}

/** A SignedPeerClient like the site's own, built on its first use. */
function lazyPeerClient(config: RunnerConfig, doc: DynamoDBDocumentClient): PeerClient {
  let client: Promise<PeerClient> | undefined;
  const load = async (): Promise<PeerClient> => {
    const { SignedPeerClient } = await import('../functions/adapters/peers/signed-peer-client.js');
    return new SignedPeerClient({
      parties: new DynamoPartyStore(doc, config.tableName),
      signingKeys: await signingKeys(config.signingKeys),
      ...(config.federationCa === undefined ? {} : { ca: config.federationCa }),
    });
  };
  return {
    async call(message) {
      client ??= load();
      return (await client).call(message);
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
  const peers = lazyPeerClient(config, doc);
  const transfers = new DynamoTransferStore(doc, config.tableName);
  return { federation: (task, roles) => createFederationChannel({ task, roles, peers, transfers }) };
}
