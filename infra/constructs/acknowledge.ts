import { Stack, Validations } from 'aws-cdk-lib';
// cdk-nag names a wildcard-resource finding after the flattened, resolved ARN (e.g.
// `Resource::<StoreTable1234.Arn>/index/*`). Using its own function keeps our acknowledgement ids
// identical to its findings; the module is not in its index, hence the deep import.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges AwsSolutions-IAM5 for one wildcard resource, named by the same expression the
 * policy uses (`table.tableArn + '/index/*'`), so each acknowledgement is tied to one resource
 * pattern and one reason rather than to the rule as a whole.
 */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  const finding = flattenCfnReference(Stack.of(scope).resolve(resource));
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${finding}]`, reason });
}

/** Acknowledges one cdk-nag rule on one construct; every call carries its reason. */
export function acknowledgeRule(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}
