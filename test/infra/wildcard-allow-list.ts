/**
 * Every wildcard resource the stack may grant, and why. A statement with a wildcard resource must
 * match one entry (resource pattern, and the actions allowed on it); anything else fails.
 */
export const WILDCARD_ALLOW_LIST: readonly { resource: RegExp; actions: readonly string[]; why: string }[] = [
  {
    resource: /^\*$/,
    actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
    why: 'X-Ray has no resource-level permissions',
  },
  { resource: /^\*$/, actions: ['ecr:GetAuthorizationToken'], why: 'ECR login has no resource-level permissions' },
  {
    resource: /^\*$/,
    actions: [
      'logs:CreateLogDelivery',
      'logs:GetLogDelivery',
      'logs:UpdateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:DescribeLogGroups',
    ],
    why: "Step Functions' vended log delivery has no resource-level permissions",
  },
  { resource: /^\*$/, actions: ['ecs:ListTasks'], why: 'authorized on container instances; bound by ecs:cluster' },
  {
    resource: /^<StoreTable\w+\.Arn>\/index\/\*$/,
    actions: ['dynamodb:'],
    why: "queries of this table's indexes",
  },
  {
    resource: /^<ObjectsBucket\w+\.Arn>\/(outputs|tables|uploads\/staging|models)\/\*$/,
    actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
    why: "objects under one prefix of this site's bucket (outputs, uploaded tables, staged uploads, imported models)",
  },
  {
    resource: /^arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:task\/<RunnerCluster\w+>\/\*$/,
    actions: ['ecs:StopTask'],
    why: "tasks of this site's cluster (ids known only at run time)",
  },
  {
    resource: /^arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:fate-flow-9999-job:\*$/,
    actions: ['states:StopExecution'],
    why: "executions of this site's job machine (named after job ids)",
  },
  {
    resource: /^arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>\/\*$/,
    actions: ['s3:GetObject'],
    why: "the board's asset zip in the CDK bootstrap's staging bucket (its key is a content hash)",
  },
  {
    resource: /^<BoardHostingBucket\w+\.Arn>\/\*$/,
    actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
    why: "the board's files in its own bucket, named by the build",
  },
];

/** An entry allows an action by full name, or every action of a prefix ending in ':' (still no `*`). */
export const allows = (allowed: readonly string[], action: string) =>
  allowed.some((entry) => (entry.endsWith(':') ? action.startsWith(entry) : action === entry));
