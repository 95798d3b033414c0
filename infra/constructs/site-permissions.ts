import { Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { EventBus } from 'aws-cdk-lib/aws-events';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IConstruct } from 'constructs';
import { leadingKeyPattern } from '../../functions/adapters/dynamodb/partitions.js';
import type { LambdaEntryName } from '../../functions/lambda/site-env.js';
import { acknowledgeWildcardResource } from './acknowledge.js';
import type { Grant } from './grant.js';
import type { Runner } from './runner.js';
import { siteEventSource } from './schedules-defaults.js';
import type { JobMachineArns } from './workflow-access.js';

/** The site's resources, whose ARNs the grants of function-permissions.ts are turned into. */
export interface SiteResources {
  readonly partyId: number;
  readonly table: Table;
  readonly bucket: Bucket;
  readonly signingKey: Secret;
  readonly appKeys: Secret;
  readonly bus: EventBus;
  readonly runner: Runner;
  readonly machine: JobMachineArns;
  /** The functions others call (runners, and every function `federation`), by their fixed-name ARNs. */
  readonly functionArns: Readonly<Partial<Record<LambdaEntryName, string>>>;
}

/** Write requests that would return the whole old item are refused where attributes are restricted. */
const WRITES_RETURN_NOTHING_ELSE = ['NONE', 'UPDATED_OLD', 'UPDATED_NEW'];

/** One IAM statement per grant, each on exactly its resources, with its conditions. */
export function grantPermissions(grantee: IGrantable, grants: readonly Grant[], site: SiteResources): void {
  for (const grant of grants) {
    grantee.grantPrincipal.addToPrincipalPolicy(statementOf(grant, site));
  }
}

function statementOf(grant: Grant, site: SiteResources): PolicyStatement {
  const actions = [...grant.actions];
  const inCluster = { ArnEquals: { 'ecs:cluster': site.runner.cluster.clusterArn } };
  switch (grant.resource) {
    case 'table':
      return new PolicyStatement({
        actions,
        resources: [site.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': grant.partitions.map(leadingKeyPattern) },
          ...(grant.attributes === undefined
            ? {}
            : {
                'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...grant.attributes] },
                StringEqualsIfExists: { 'dynamodb:ReturnValues': WRITES_RETURN_NOTHING_ELSE },
              }),
        },
      });
    case 'tableIndexes':
      return new PolicyStatement({ actions, resources: [`${site.table.tableArn}/index/*`] });
    case 'objects':
      return new PolicyStatement({
        actions,
        resources: grant.prefixes.map((prefix) => objectsUnder(site, prefix)),
      });
    case 'bucket':
      return new PolicyStatement({ actions, resources: [site.bucket.bucketArn] });
    case 'signingKey':
      return new PolicyStatement({ actions, resources: [site.signingKey.secretArn] });
    case 'appKeys':
      return new PolicyStatement({ actions, resources: [site.appKeys.secretArn] });
    case 'runnerLogs':
      return new PolicyStatement({ actions, resources: [site.runner.logGroup.logGroupArn] });
    case 'siteBus':
      return new PolicyStatement({
        actions,
        resources: [site.bus.eventBusArn],
        conditions: {
          'ForAllValues:StringEquals': {
            'events:source': [siteEventSource(site.partyId)],
            'events:detail-type': [...grant.detailTypes],
          },
        },
      });
    case 'runnerTaskDefinition':
      return new PolicyStatement({
        actions,
        resources: [site.runner.taskDefinition.taskDefinitionArn],
        conditions: inCluster,
      });
    case 'runnerRoles':
      return new PolicyStatement({
        actions,
        resources: [
          site.runner.taskDefinition.taskRole.roleArn,
          site.runner.taskDefinition.obtainExecutionRole().roleArn,
        ],
        conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      });
    case 'clusterTasks':
      return new PolicyStatement({ actions, resources: [site.runner.taskArnPattern], conditions: inCluster });
    case 'clusterTaskList':
      // ListTasks is authorized on container instances, which Fargate tasks have none of: "*" bound
      // to this cluster by the condition is the form ECS accepts (ServiceFunction acknowledges it).
      return new PolicyStatement({ actions, resources: ['*'], conditions: inCluster });
    case 'jobMachine':
      return new PolicyStatement({ actions, resources: [site.machine.stateMachineArn] });
    case 'jobExecutions':
      return new PolicyStatement({ actions, resources: [site.machine.executionsArn] });
    case 'siteFunctions':
      return new PolicyStatement({
        actions,
        resources: grant.functions.map((name) => {
          const arn = site.functionArns[name];
          if (arn === undefined) throw new Error(`no ARN for the ${name} function`);
          return arn;
        }),
      });
  }
}

const acknowledged = new WeakMap<IConstruct, Set<string>>();

/** `<bucket>/<prefix>*`, acknowledged once per stack: the keys under it exist only at run time. */
function objectsUnder(site: SiteResources, prefix: string): string {
  const resource = site.bucket.arnForObjects(`${prefix}*`);
  const stack = Stack.of(site.bucket);
  const done = acknowledged.get(stack) ?? new Set<string>();
  if (!done.has(prefix)) {
    acknowledgeWildcardResource(
      stack,
      resource,
      `Objects under ${prefix} of this one bucket, whose keys (job ids, table names) are known only at run time.`,
    );
    done.add(prefix);
    acknowledged.set(stack, done);
  }
  return resource;
}
