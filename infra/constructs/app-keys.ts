import { RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeRule } from './acknowledge.js';

export interface AppKeysProps {
  readonly partyId: number;
}

/**
 * The app keys FATE's own client signs with (`flow init --app-key K --secret-key S`): one secret,
 * JSON `{ "<app key>": "<secret key>" }`, created empty (`{}`: no app key, so the app-key API
 * refuses everything until the site's operator puts a key in). Read by the `appKeyAuthorizer` and
 * the API, which both cache it for a minute.
 */
export class AppKeys extends Construct {
  public readonly secret: Secret;

  constructor(scope: Construct, id: string, props: AppKeysProps) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: `FATE-Flow party ${props.partyId}: app keys of FATE's client signing, {"<app key>": "<secret key>"}`,
      // Nothing secret in the template: the value starts as an empty object.
      secretStringValue: SecretValue.unsafePlainText('{}'),
      // The users' clients hold these keys: a rebuilt site should keep accepting them.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeRule(
      this.secret,
      'AwsSolutions-SMG4',
      "App keys are given to FATE's client by hand (`flow init --app-key --secret-key`); a rotation Lambda could not reach those clients. The operator adds a new key, hands it out, then removes the old one.",
    );
  }
}
