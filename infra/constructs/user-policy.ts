import { Stack } from 'aws-cdk-lib';
import { Effect, ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from './acknowledge.js';

export interface SiteUserPolicyProps {
  readonly partyId: number;
  readonly apiId: string;
}

/**
 * What a user of the site needs to call its API with `flow` (SigV4): `execute-api:Invoke` on the
 * user routes (`/v1/…`, any method) and FATE-Serving's inference routes (`POST /federation/v1/…`)
 * of this site's API and stage, nothing else. Attach it to the
 * users' IAM users, groups or roles (an SSO permission set can reference it by name).
 */
export class SiteUserPolicy extends Construct {
  public readonly policy: ManagedPolicy;

  constructor(scope: Construct, id: string, props: SiteUserPolicyProps) {
    super(scope, id);
    const routes = Stack.of(this).formatArn({
      service: 'execute-api',
      resource: props.apiId,
      resourceName: '$default/*/v1/*',
    });
    const inference = Stack.of(this).formatArn({
      service: 'execute-api',
      resource: props.apiId,
      resourceName: '$default/POST/federation/v1/*',
    });
    this.policy = new ManagedPolicy(this, 'Policy', {
      managedPolicyName: `fate-flow-${props.partyId}-users`,
      description: `Call FATE-Flow party ${props.partyId}'s API (flow, SigV4)`,
      statements: [
        new PolicyStatement({ effect: Effect.ALLOW, actions: ['execute-api:Invoke'], resources: [routes, inference] }),
      ],
    });
    acknowledgeWildcardResource(
      this.policy,
      routes,
      "every method and path under /v1/ of this site's own API: the routes carry job ids and names known only at run time",
    );
    acknowledgeWildcardResource(
      this.policy,
      inference,
      "POST to FATE-Serving's two inference routes (inference, batchInference) of this site's own API",
    );
  }
}
