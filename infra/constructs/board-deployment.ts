import { Aws, Stack } from 'aws-cdk-lib';
import type { Distribution } from 'aws-cdk-lib/aws-cloudfront';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, type ISource } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledgeRule, acknowledgeWildcardResource } from './acknowledge.js';
import { BOARD_INVALIDATED_PATHS } from './board-defaults.js';
import { FUNCTION_LOG_RETENTION } from './service-function-defaults.js';

export interface BoardDeploymentProps {
  readonly sources: ISource[];
  readonly bucket: Bucket;
  readonly distribution: Distribution;
}

/**
 * Copies the built board and its config.json into the board's bucket at each deploy, and
 * invalidates the pages that name the bundle. CDK's deployment function would get wildcard actions
 * (`s3:GetObject*`, `s3:List*`, …) and every log group; it runs here under a role of exact actions
 * instead, which CDK's own grants cannot widen (`withoutPolicyUpdates`).
 */
export class BoardDeployment extends Construct {
  public readonly deployment: BucketDeployment;
  public readonly role: Role;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: BoardDeploymentProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: FUNCTION_LOG_RETENTION });
    this.logGroup = logGroup;
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: "Copies the board's assets into its bucket and invalidates its pages",
    });
    logGroup.grantWrite(this.role);
    // The CDK bootstrap's staging bucket, where the asset zips are: their keys are content hashes.
    const stagedAssets = `arn:${Aws.PARTITION}:s3:::cdk-hnb659fds-assets-${Aws.ACCOUNT_ID}-${Aws.REGION}/*`;
    const boardObjects = props.bucket.arnForObjects('*');
    this.role.addToPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:GetObject'], resources: [stagedAssets] }),
    );
    this.role.addToPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:ListBucket'], resources: [props.bucket.bucketArn] }),
    );
    this.role.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [boardObjects],
      }),
    );
    const distributionArn = Stack.of(this).formatArn({
      service: 'cloudfront',
      region: '',
      resource: 'distribution',
      resourceName: props.distribution.distributionId,
    });
    this.role.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'],
        resources: [distributionArn],
      }),
    );
    this.deployment = new BucketDeployment(this, 'Assets', {
      sources: props.sources,
      destinationBucket: props.bucket,
      distribution: props.distribution,
      distributionPaths: BOARD_INVALIDATED_PATHS,
      role: this.role.withoutPolicyUpdates(),
      logGroup,
      // The stack owns the bucket's content: removed with the stack, replaced at each deploy.
      retainOnDelete: false,
      prune: true,
    });
    acknowledgeWildcardResource(
      this.role,
      stagedAssets,
      "the CDK bootstrap's staging bucket, read for the board's asset zip, whose key is its content hash",
    );
    acknowledgeWildcardResource(
      this.role,
      boardObjects,
      "the board's own bucket: the build's files, named by the build",
    );
  }
}

/** CDK's deployment function is a singleton at the stack's root, outside this construct. */
export function acknowledgeDeploymentRuntime(deployment: BucketDeployment): void {
  const handler = Stack.of(deployment)
    .node.children.filter((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'))
    .at(0);
  if (handler === undefined) throw new Error("the board's deployment has no CDK deployment function");
  acknowledgeRule(
    handler,
    'AwsSolutions-L1',
    "CDK's own deployment function (the AWS CLI's s3 sync), whose runtime CDK picks and updates with aws-cdk-lib.",
  );
}
