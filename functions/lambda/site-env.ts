/**
 * The environment contract between the CDK site stack (`infra/`), which sets these variables on
 * every Lambda function, and the AWS compositions (`compose/`), which reads them once
 * per cold start and fails fast on a missing or malformed one. Both sides import this file, so a
 * renamed variable cannot drift between them.
 */
export const SITE_ENV = {
  /** This site's FATE party id (an integer, e.g. 9999). */
  partyId: 'FATE_FLOW_PARTY_ID',
  /** The site's DynamoDB table (single-table design). */
  tableName: 'FATE_FLOW_TABLE',
  /** The site's S3 bucket: tables, component outputs, models, logs. */
  bucket: 'FATE_FLOW_BUCKET',
  /** The site's EventBridge bus for job and task events. */
  eventBusName: 'FATE_FLOW_EVENT_BUS',
  /**
   * The ARN of the `job` state machine. The stack builds it from the machine's fixed name rather
   * than referencing the resource, because the machine's definition references the step functions
   * and a reference back would be a dependency cycle.
   */
  stateMachineArn: 'FATE_FLOW_STATE_MACHINE_ARN',
  /** ECS cluster name or ARN that runs task runners. */
  cluster: 'FATE_FLOW_CLUSTER',
  /** The runner's Fargate task definition (family or ARN). */
  taskDefinition: 'FATE_FLOW_TASK_DEFINITION',
  /** Comma-separated subnet ids for the runner's tasks: private, reaching AWS through VPC endpoints only. */
  subnets: 'FATE_FLOW_SUBNETS',
  /** Comma-separated security group ids for the runner's tasks (no inbound rules). */
  securityGroups: 'FATE_FLOW_SECURITY_GROUPS',
  /** The Secrets Manager secret holding this site's Ed25519 signing keys. */
  signingKeySecretArn: 'FATE_FLOW_SIGNING_KEY_SECRET_ARN',
  /**
   * The peers from the stack's context, as JSON `[{ partyId, endpoint, publicKeys }]`; registered
   * in the party registry at cold start when missing or different. The registry API can add more.
   */
  peers: 'FATE_FLOW_PEERS',
  /** The resource pool's size: cores and memory (MB) this site grants to jobs. */
  poolCores: 'FATE_FLOW_POOL_CORES',
  poolMemory: 'FATE_FLOW_POOL_MEMORY',
  /** The share of the pool (a number 0…1) the jobs initiated by any one other party may hold at once. */
  peerResourceShare: 'FATE_FLOW_PEER_RESOURCE_SHARE',
  /** "true" to check other parties' grants on job create (FATE's permission switch). */
  permissionCheck: 'FATE_FLOW_PERMISSION_CHECK',
  /** Where users see a job (FATE's board_url). */
  boardUrl: 'FATE_FLOW_BOARD_URL',
  /**
   * The ARNs of the two functions runners call (runners have no route to the internet and no
   * signing key): `delegation` certifies a runner's own key, `runnerOutbox` carries its transfers
   * to peers and its TaskEnded to the bus. Built from fixed names, as the state machine's ARN is:
   * every function's environment holds them, their own included.
   */
  delegationFunctionArn: 'FATE_FLOW_DELEGATION_FUNCTION_ARN',
  runnerOutboxFunctionArn: 'FATE_FLOW_RUNNER_OUTBOX_FUNCTION_ARN',
  /**
   * The ARN of the site's `federation` function, built from its fixed name as the two above. Every
   * other function hands a message addressed to this same site to it by a direct invocation
   * (adapters/peers/invoked-federation-receiver.ts), so only `federation` runs what receiving does
   * (starting and stopping runners among it).
   */
  federationFunctionArn: 'FATE_FLOW_FEDERATION_FUNCTION_ARN',
  /** The runners' CloudWatch Logs group (the task definition's awslogs group): `job log` reads task logs there. */
  runnerLogGroup: 'FATE_FLOW_RUNNER_LOG_GROUP',
  /**
   * The Secrets Manager secret holding the app keys FATE's client signs with, as JSON
   * `{ "<app key>": "<secret key>" }` (adapters/secrets/secrets-manager-app-keys.ts).
   */
  appKeysSecretArn: 'FATE_FLOW_APP_KEYS_SECRET_ARN',
} as const;

export type SiteEnvName = (typeof SITE_ENV)[keyof typeof SITE_ENV];

/**
 * The Lambda entry points the stack deploys: file (from the project root) and exported handler.
 * `infra/` bundles each with esbuild; tests check that every one exists and exports its handler.
 */
export const LAMBDA_ENTRIES = {
  api: { file: 'functions/lambda/api.ts', handler: 'handler' },
  appKeyAuthorizer: { file: 'functions/lambda/app-key-authorizer.ts', handler: 'handler' },
  federation: { file: 'functions/lambda/federation.ts', handler: 'handler' },
  inference: { file: 'functions/lambda/inference.ts', handler: 'handler' },
  loadPlan: { file: 'functions/lambda/steps.ts', handler: 'loadPlan' },
  runComponent: { file: 'functions/lambda/steps.ts', handler: 'runComponent' },
  finishJob: { file: 'functions/lambda/steps.ts', handler: 'finishJob' },
  failJob: { file: 'functions/lambda/steps.ts', handler: 'failJob' },
  scheduler: { file: 'functions/lambda/scheduler.ts', handler: 'handler' },
  detector: { file: 'functions/lambda/detector.ts', handler: 'handler' },
  taskExits: { file: 'functions/lambda/task-exits.ts', handler: 'handler' },
  delegation: { file: 'functions/lambda/delegation.ts', handler: 'handler' },
  runnerOutbox: { file: 'functions/lambda/runner-outbox.ts', handler: 'handler' },
} as const;

export type LambdaEntryName = keyof typeof LAMBDA_ENTRIES;
