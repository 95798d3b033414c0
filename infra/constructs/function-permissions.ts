/**
 * What each Lambda entry and the runner may do, as data: one list of grants per role, each with
 * the reason read off the code paths of that entry (grant.ts says what a grant is; site-permissions.ts
 * turns them into IAM; shared-grants.ts holds the ones several entries need).
 * Nothing is shared by default: a function gets a grant only if one of its paths makes the call.
 *
 * Reading the paths: every message goes through the peer client. One for another party is signed
 * (the sender reads the signing key); one for this same site is handed to the site's `federation`
 * function by a direct invocation, so only `federation` runs what receiving does (a `task.start`
 * launches a runner, a `task.report` settles the component, which may start its retry). The other
 * entries hold lambda:InvokeFunction on it instead. What an entry does itself, not by a message,
 * stays its own: the API's and the detector's stops of this party's runners.
 *
 * Partition families are those of functions/adapters/dynamodb/partitions.ts (`dynamodb:LeadingKeys`).
 */
import { PARTY_CONTACT_ATTRIBUTES } from '../../functions/adapters/dynamodb/party-store.js';
import { RUNNER_WRITTEN_ATTRIBUTES } from '../../functions/adapters/dynamodb/runner-writes.js';
import type { LambdaEntryName } from '../../functions/lambda/site-env.js';
import type { Grant } from './grant.js';
import {
  ANNOUNCES_JOB_END,
  HANDS_LOCAL_MESSAGES_TO_FEDERATION,
  LAUNCHES_RUNNERS,
  READS_JOB_AND_ITS_PARTIES,
  SETTLES_COMPONENTS,
  SIGNS_FOR_PEERS,
  STATUS_EVENTS,
  STOPS_RUNNERS,
} from './shared-grants.js';

/**
 * Every Lambda entry's grants. Besides these, each function may write its own log group and send
 * X-Ray traces (service-function.ts).
 */
export const FUNCTION_PERMISSIONS: Readonly<Record<LambdaEntryName, readonly Grant[]>> = {
  api: [
    {
      resource: 'table',
      actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
      partitions: ['job', 'pool', 'parties', 'grant', 'table', 'service'],
      why: 'job, task, tracking, model and table queries; `job list` reads the page by BatchGetItem; resource, party and permission queries; a service binding',
    },
    {
      resource: 'table',
      actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
      partitions: ['job', 'pool', 'parties', 'grant', 'table', 'service', 'nonce'],
      why: "submit, stop, rerun, upload; the pool and the peers at cold start; `party add`, `permission grant`; `model migrate` (a model version) and `model bind` (a service binding); an app-key signature's NONCE, remembered once (the replay guard of FATE's client signing)",
    },
    {
      resource: 'table',
      actions: ['dynamodb:DeleteItem'],
      partitions: ['job', 'parties', 'grant', 'table'],
      why: '`party remove`, `permission delete`, `table delete` (the table and its reference in its job)',
    },
    {
      resource: 'table',
      actions: ['dynamodb:BatchWriteItem'],
      partitions: ['job'],
      why: "createJob puts a new job's tasks in batches, before the job record",
    },
    {
      resource: 'tableIndexes',
      actions: ['dynamodb:Query'],
      why: '`job list` and `job query` without a job id (jobsByTime)',
    },
    {
      resource: 'objects',
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      prefixes: ['tables/', 'uploads/staging/'],
      why: 'upload (and its presigned PUT, signed with this role), download, `table delete`, completing a staged upload',
    },
    {
      resource: 'objects',
      actions: ['s3:GetObject'],
      prefixes: ['outputs/'],
      why: '`component output-data` and `output-model` read what runners wrote; `model export` reads a trained model',
    },
    {
      resource: 'objects',
      actions: ['s3:GetObject', 's3:PutObject'],
      prefixes: ['models/'],
      why: "`model import` writes an archive's component models, `model export` reads them back",
    },
    {
      resource: 'bucket',
      actions: ['s3:ListBucket'],
      why: 'a missing object then answers NoSuchKey, not AccessDenied',
    },
    {
      resource: 'signingKey',
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
      why: '`key query/rotate/retire`, and signing what it sends to parties (create, stop, status)',
    },
    {
      resource: 'siteBus',
      actions: ['events:PutEvents'],
      detailTypes: ['JobSubmitted', ...STATUS_EVENTS, 'ResourcesReturned'],
      why: 'submit and rerun wake the scheduler; a stop changes statuses and returns resources',
    },
    ...STOPS_RUNNERS.map((grant) => ({
      ...grant,
      why: `${grant.why}: \`job stop\` at a party that did not initiate the job kills this party's running tasks itself (stop-at-party.ts)`,
    })),
    { resource: 'jobExecutions', actions: ['states:StopExecution'], why: "`job stop` stops the job's workflow" },
    HANDS_LOCAL_MESSAGES_TO_FEDERATION,
    {
      resource: 'appKeys',
      actions: ['secretsmanager:GetSecretValue'],
      why: "a request through the app-key API: FATE's signature checked again over the body, which the authorizer cannot see",
    },
    {
      resource: 'runnerLogs',
      actions: ['logs:FilterLogEvents'],
      why: "`job log`: the job's task lines in the runners' group (cloudwatch-task-logs.ts)",
    },
  ],

  appKeyAuthorizer: [
    {
      resource: 'appKeys',
      actions: ['secretsmanager:GetSecretValue'],
      why: "checks a request's FATE app-key headers (known key, fresh TIMESTAMP, and the signature itself when the request has no body)",
    },
  ],

  federation: [
    {
      resource: 'table',
      actions: ['dynamodb:GetItem', 'dynamodb:Query'],
      partitions: ['job', 'pool', 'parties', 'grant', 'transfer', 'message', 'table', 'service'],
      why: "the sender's keys, the job's records and tasks, the pool, the sender's grants (permission check), a stored reply, a redelivered transfer; model.infer at a host: the service binding and its feature table",
    },
    {
      resource: 'table',
      actions: ['dynamodb:BatchGetItem'],
      partitions: ['job', 'transfer'],
      why: "a transferred part's admission: its addressee's job status and the job's transfer quota in one read (transfer-admission-reads.ts), items GetItem reads too",
    },
    {
      resource: 'table',
      actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
      partitions: ['job', 'pool', 'transfer', 'webhook', 'message', 'delegation'],
      why: 'job.create, statuses, resource apply/return (and the pool at cold start), transfers, the replay guard and stored replies, a launch ticket',
    },
    {
      resource: 'table',
      actions: ['dynamodb:UpdateItem'],
      partitions: ['parties'],
      attributes: PARTY_CONTACT_ATTRIBUTES,
      why: "a verified sender's last contact (the site page), and no other attribute of the registry: never its keys or endpoint",
    },
    {
      resource: 'table',
      actions: ['dynamodb:BatchWriteItem'],
      partitions: ['job'],
      why: "job.create puts the job's tasks in batches, before the job record",
    },
    {
      resource: 'objects',
      actions: ['s3:GetObject'],
      prefixes: ['outputs/', 'models/', 'tables/'],
      why: "model.infer at a host: its component models (a trained job's, an imported one's) and the bound feature table's rows; read only",
    },
    {
      resource: 'bucket',
      actions: ['s3:ListBucket'],
      why: 'a missing object then answers NoSuchKey, not AccessDenied',
    },
    SIGNS_FOR_PEERS,
    {
      resource: 'siteBus',
      actions: ['events:PutEvents'],
      detailTypes: [...STATUS_EVENTS, 'ResourcesReturned'],
      why: "job.start/status/stop change this party's records (the initiator's too, when this site's own functions send them: JobFinished); resource return",
    },
    ...LAUNCHES_RUNNERS,
    ...STOPS_RUNNERS,
    {
      resource: 'jobExecutions',
      actions: ['states:StopExecution'],
      why: 'job.party.stop at the initiator: a party stopped its part, so the job stops at every party and its workflow with it',
    },
    SETTLES_COMPONENTS,
  ],

  inference: [
    {
      resource: 'table',
      actions: ['dynamodb:GetItem', 'dynamodb:Query'],
      partitions: ['job', 'service', 'parties'],
      why: "the service binding, the guest's model (a stored version, or a training job's records and outputs), the registry entry of each host it asks",
    },
    {
      resource: 'objects',
      actions: ['s3:GetObject'],
      prefixes: ['outputs/', 'models/'],
      why: "the guest's component models: what the training job's runner wrote, or an imported archive's",
    },
    {
      resource: 'bucket',
      actions: ['s3:ListBucket'],
      why: 'a missing object then answers NoSuchKey, not AccessDenied',
    },
    SIGNS_FOR_PEERS,
    HANDS_LOCAL_MESSAGES_TO_FEDERATION,
  ],

  loadPlan: [
    {
      resource: 'table',
      actions: ['dynamodb:Query'],
      partitions: ['job'],
      why: "the initiator's job record (its stages and parallelism)",
    },
  ],

  runComponent: [
    {
      resource: 'table',
      actions: ['dynamodb:GetItem', 'dynamodb:Query'],
      partitions: ['job', 'parties'],
      why: "the job's records and tasks; the registry entry of each party it calls",
    },
    {
      resource: 'table',
      actions: ['dynamodb:UpdateItem'],
      partitions: ['job'],
      why: "the component's run (its task token)",
    },
    SIGNS_FOR_PEERS,
    HANDS_LOCAL_MESSAGES_TO_FEDERATION,
    {
      ...SETTLES_COMPONENTS,
      why: 'a component that already succeeded (a rerun) is settled at once; one that could not start everywhere fails',
    },
  ],

  finishJob: [
    READS_JOB_AND_ITS_PARTIES,
    {
      resource: 'table',
      actions: ['dynamodb:UpdateItem'],
      partitions: ['job'],
      why: 'the job succeeds at this site, its end is marked synced',
    },
    SIGNS_FOR_PEERS,
    HANDS_LOCAL_MESSAGES_TO_FEDERATION,
    ANNOUNCES_JOB_END,
  ],

  failJob: [
    READS_JOB_AND_ITS_PARTIES,
    {
      resource: 'table',
      actions: ['dynamodb:UpdateItem'],
      partitions: ['job'],
      why: 'the job fails at this site',
    },
    SIGNS_FOR_PEERS,
    HANDS_LOCAL_MESSAGES_TO_FEDERATION,
    ANNOUNCES_JOB_END,
  ],

  scheduler: [
    {
      resource: 'table',
      actions: ['dynamodb:GetItem', 'dynamodb:Query'],
      partitions: ['job', 'parties'],
      why: 'waiting jobs, the registry (its own peers at cold start, and each party it calls)',
    },
    {
      resource: 'table',
      actions: ['dynamodb:UpdateItem'],
      partitions: ['job'],
      why: 'job start (its run count), a start that failed',
    },
    {
      resource: 'table',
      actions: ['dynamodb:PutItem'],
      partitions: ['parties'],
      why: "cold start: the stack's peers (schedulerColdStart)",
    },
    { resource: 'tableIndexes', actions: ['dynamodb:Query'], why: 'the queue of waiting jobs' },
    SIGNS_FOR_PEERS,
    HANDS_LOCAL_MESSAGES_TO_FEDERATION,
    {
      resource: 'siteBus',
      actions: ['events:PutEvents'],
      detailTypes: [...STATUS_EVENTS],
      why: 'a job failed to start',
    },
    { resource: 'jobMachine', actions: ['states:StartExecution'], why: "a started job's workflow" },
  ],

  detector: [
    {
      resource: 'table',
      actions: ['dynamodb:GetItem', 'dynamodb:Query'],
      partitions: ['job', 'pool', 'parties'],
      why: "watched jobs' records and tasks, the pool's grants, the registry entry of each party it calls",
    },
    {
      resource: 'table',
      actions: ['dynamodb:UpdateItem'],
      partitions: ['job', 'pool'],
      why: 'dead and hung tasks fail; timeouts and silent initiators end jobs; reports resent; leaked resources and those of ended jobs return',
    },
    { resource: 'tableIndexes', actions: ['dynamodb:Query'], why: 'the watch list (queue index)' },
    SIGNS_FOR_PEERS,
    HANDS_LOCAL_MESSAGES_TO_FEDERATION,
    {
      resource: 'siteBus',
      actions: ['events:PutEvents'],
      detailTypes: [...STATUS_EVENTS, 'ResourcesReturned'],
      why: 'jobs stopped, resources returned',
    },
    ...STOPS_RUNNERS.map((grant) => ({
      ...grant,
      why: `${grant.why}: the sweep checks that running tasks' runners live, kills hung ones, and ends this party's part of a job whose initiator went silent`,
    })),
    { resource: 'jobExecutions', actions: ['states:StopExecution'], why: "a timed-out or abandoned job's workflow" },
  ],

  taskExits: [
    {
      resource: 'table',
      actions: ['dynamodb:GetItem', 'dynamodb:Query'],
      partitions: ['job', 'parties'],
      why: "the ended task, its job; the initiator's registry entry",
    },
    {
      resource: 'table',
      actions: ['dynamodb:UpdateItem'],
      partitions: ['job'],
      why: 'a runner that died fails its task; the task is marked reported',
    },
    SIGNS_FOR_PEERS,
    HANDS_LOCAL_MESSAGES_TO_FEDERATION,
  ],

  delegation: [
    {
      resource: 'table',
      actions: ['dynamodb:GetItem'],
      partitions: ['job', 'delegation'],
      why: "the task (running, as the ticket's worker) and its launch's ticket",
    },
    {
      resource: 'table',
      actions: ['dynamodb:UpdateItem'],
      partitions: ['delegation'],
      why: "binds the runner's key to its launch, once",
    },
    {
      resource: 'signingKey',
      actions: ['secretsmanager:GetSecretValue'],
      why: "signs the runner's certificate: the one place a runner's signing goes through",
    },
  ],

  runnerOutbox: [
    {
      resource: 'table',
      actions: ['dynamodb:GetItem'],
      partitions: ['parties'],
      why: "the peer's endpoint: a runner names a party, never a URL",
    },
    {
      resource: 'siteBus',
      actions: ['events:PutEvents'],
      detailTypes: ['TaskEnded'],
      why: "a runner's TaskEnded, nothing else",
    },
  ],
};

/**
 * The runner's task role: its task's items and objects, its data plane, its two calls. It never
 * reads the signing key, and never writes the registry, pools, grants, tables or tickets.
 */
export const RUNNER_PERMISSIONS: readonly Grant[] = [
  {
    resource: 'table',
    actions: ['dynamodb:GetItem', 'dynamodb:Query'],
    partitions: ['job', 'transfer', 'table', 'parties'],
    why: "its task and job, upstream outputs, values sent to it, a Reader's table, a peer's registry entry",
  },
  {
    resource: 'table',
    actions: ['dynamodb:BatchGetItem'],
    partitions: ['job', 'transfer'],
    why: "admitting a value for this site's own task: the addressee's job status and the job's transfer quota in one read",
  },
  {
    resource: 'table',
    actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
    partitions: ['job', 'transfer'],
    attributes: RUNNER_WRITTEN_ATTRIBUTES,
    why: "its task's end and heartbeats, its metrics and outputs, values for this site's own tasks: only the attributes of those items, so no job record, grant or worker id",
  },
  {
    resource: 'objects',
    actions: ['s3:GetObject'],
    prefixes: ['outputs/', 'tables/', 'models/'],
    why: "upstream outputs, a Reader's uploaded table, an imported model a predict job reads",
  },
  { resource: 'objects', actions: ['s3:PutObject'], prefixes: ['outputs/'], why: "its component's outputs" },
  {
    resource: 'siteFunctions',
    actions: ['lambda:InvokeFunction'],
    functions: ['delegation', 'runnerOutbox'],
    why: 'its key certified (never the site key); its transfers and TaskEnded out of the VPC',
  },
];
