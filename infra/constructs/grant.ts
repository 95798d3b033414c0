/**
 * One permission a Lambda entry or the runner holds, as data: which of the site's resources, which
 * actions, the narrowing (partitions, attributes, prefixes, event types, functions) and why.
 * site-permissions.ts turns a grant into IAM; function-permissions.ts lists who holds which.
 */
import type { PartitionFamily } from '../../functions/adapters/dynamodb/partitions.js';
import type { FlowEvent } from '../../functions/domain/ports/event-bus.js';
import type { LambdaEntryName } from '../../functions/lambda/site-env.js';

export type ItemAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:Query'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:BatchWriteItem';

/** The site's resources a grant names; site-permissions.ts knows their ARNs and conditions. */
export type Grant =
  /** Items of the table, only in these partition families; writes only of these attributes when given. */
  | {
      readonly resource: 'table';
      readonly actions: readonly ItemAction[];
      readonly partitions: readonly PartitionFamily[];
      readonly attributes?: readonly string[];
      readonly why: string;
    }
  /** The table's two indexes (queue, jobsByTime). */
  | { readonly resource: 'tableIndexes'; readonly actions: readonly ['dynamodb:Query']; readonly why: string }
  /** Objects of the bucket under these key prefixes. */
  | {
      readonly resource: 'objects';
      readonly actions: readonly ('s3:GetObject' | 's3:PutObject' | 's3:DeleteObject')[];
      readonly prefixes: readonly string[];
      readonly why: string;
    }
  | { readonly resource: 'bucket'; readonly actions: readonly ['s3:ListBucket']; readonly why: string }
  | {
      readonly resource: 'signingKey';
      readonly actions: readonly ('secretsmanager:GetSecretValue' | 'secretsmanager:PutSecretValue')[];
      readonly why: string;
    }
  /** The app keys of FATE's client signing (app-keys.ts): read only. */
  | { readonly resource: 'appKeys'; readonly actions: readonly ['secretsmanager:GetSecretValue']; readonly why: string }
  /** The runners' log group. */
  | { readonly resource: 'runnerLogs'; readonly actions: readonly ['logs:FilterLogEvents']; readonly why: string }
  /** The site's bus, from the site's source, only these event types. */
  | {
      readonly resource: 'siteBus';
      readonly actions: readonly ['events:PutEvents'];
      readonly detailTypes: readonly FlowEvent['type'][];
      readonly why: string;
    }
  /** RunTask of the runner's task definition in the site's cluster. */
  | { readonly resource: 'runnerTaskDefinition'; readonly actions: readonly ['ecs:RunTask']; readonly why: string }
  /** The runner's task and execution roles, passed to ECS only. */
  | { readonly resource: 'runnerRoles'; readonly actions: readonly ['iam:PassRole']; readonly why: string }
  /** Tasks of the site's cluster. */
  | { readonly resource: 'clusterTasks'; readonly actions: readonly ['ecs:StopTask']; readonly why: string }
  /** "*" bound to the site's cluster by ecs:cluster (ListTasks has no resource of its own). */
  | { readonly resource: 'clusterTaskList'; readonly actions: readonly ['ecs:ListTasks']; readonly why: string }
  | {
      readonly resource: 'jobMachine';
      readonly actions: readonly ('states:StartExecution' | 'states:SendTaskSuccess' | 'states:SendTaskFailure')[];
      readonly why: string;
    }
  | { readonly resource: 'jobExecutions'; readonly actions: readonly ['states:StopExecution']; readonly why: string }
  /** Synchronous calls of the site's own functions. */
  | {
      readonly resource: 'siteFunctions';
      readonly actions: readonly ['lambda:InvokeFunction'];
      readonly functions: readonly LambdaEntryName[];
      readonly why: string;
    };
