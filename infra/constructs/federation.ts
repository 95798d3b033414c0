import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { PeerSettings } from '../site-settings.js';
import { acknowledgeRule } from './acknowledge.js';
import { peersJson, SIGNING_KEY_GENERATOR, SIGNING_KEY_REMOVAL_POLICY } from './federation-defaults.js';

export interface FederationProps {
  readonly partyId: number;
  readonly peers: readonly PeerSettings[];
}

/** The site's federation identity: its Ed25519 signing key (a secret) and the peers it starts with. */
export class Federation extends Construct {
  /** AWS-managed encryption: a KMS customer key would cost $1/month, the whole idle budget. */
  public readonly signingKey: Secret;
  /** SITE_ENV.peers. */
  public readonly peersJson: string;

  constructor(scope: Construct, id: string, props: FederationProps) {
    super(scope, id);
    this.signingKey = new Secret(this, 'SigningKey', {
      description: `FATE-Flow party ${props.partyId}: Ed25519 signing keys of the federation webhooks`,
      generateSecretString: SIGNING_KEY_GENERATOR,
      removalPolicy: SIGNING_KEY_REMOVAL_POLICY,
    });
    acknowledgeRule(
      this.signingKey,
      'AwsSolutions-SMG4',
      'Key rotation is a federation procedure, not a secret rotation: `flow key rotate` adds a key, peers register its public key, `flow key retire` drops the old one. A rotation Lambda could not tell the peers.',
    );
    this.peersJson = peersJson(props.peers);
  }
}
