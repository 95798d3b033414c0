import { RemovalPolicy } from 'aws-cdk-lib';
import type { SecretStringGenerator } from 'aws-cdk-lib/aws-secretsmanager';
import type { PeerSettings } from '../site-settings.js';

/**
 * The signing key's first state: `{ "seed": <64 random letters and digits> }`. The key store
 * derives the site's first Ed25519 key from `seed`; a rotation (`flow key rotate`) writes `keys`
 * beside it. The value never leaves Secrets Manager through the template.
 */
export const SIGNING_KEY_GENERATOR: SecretStringGenerator = {
  secretStringTemplate: '{}',
  generateStringKey: 'seed',
  excludePunctuation: true,
  passwordLength: 64,
};

/** Peers registered this site's public key: losing the secret would mean every peer re-registering. */
export const SIGNING_KEY_REMOVAL_POLICY = RemovalPolicy.RETAIN;

/** SITE_ENV.peers: the JSON the Lambdas read (readSiteEnv), in the context's order. */
export function peersJson(peers: readonly PeerSettings[]): string {
  return JSON.stringify(
    peers.map((peer) => ({ partyId: peer.partyId, endpoint: peer.endpoint, publicKeys: [...peer.publicKeys] })),
  );
}
