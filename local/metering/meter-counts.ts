/**
 * What a site's AWS bill is made of, as plain counts (JSON-safe: a runner process writes its part
 * to a file, the bench writes them to bench/results). Pure: no I/O, no clock.
 */

/** The Lambda functions of a site (functions/lambda/site-env.ts LAMBDA_ENTRIES), by what calls them. */
export const LAMBDA_FUNCTIONS = [
  'api',
  'federation',
  'loadPlan',
  'runComponent',
  'finishJob',
  'failJob',
  'scheduler',
  'detector',
  'taskExits',
] as const;
export type LambdaFunction = (typeof LAMBDA_FUNCTIONS)[number];

export interface LambdaCounts {
  /** Invocations AWS would bill: one per request, event or schedule tick. */
  requests: number;
  /** Handler runs the local runtime made (fewer than requests when it folds triggers into one pass). */
  runs: number;
  /** Wall-clock milliseconds of those runs. */
  ms: number;
}

export interface DynamoCounts {
  /** Data-plane requests (GetItem, PutItem, UpdateItem, DeleteItem, Query, Scan, Batch*). */
  requests: number;
  /** Read capacity units, as DynamoDB reports them in ConsumedCapacity (on-demand: read request units). */
  rcu: number;
  /** Write capacity units of the table itself, as reported. */
  wcu: number;
  /** Conditional writes refused (ConditionalCheckFailed): AWS bills them too, here at 1 WCU each. */
  failedConditionalWrites: number;
}

export interface ObjectCounts {
  /** S3 PUT-class requests (PutObject). */
  puts: number;
  /** S3 GET-class requests (GetObject, including misses). */
  gets: number;
  /** DeleteObject (free on S3). */
  deletes: number;
}

export interface TaskUsage {
  /** FATE task cores the task asked for (the Fargate size follows from them). */
  readonly cores: number;
  /** The runner's lifetime, spawn to exit. */
  readonly seconds: number;
}

export interface MeterCounts {
  /** API Gateway requests on the user API. */
  apiRequests: number;
  /** API Gateway requests on the federation endpoint (signed messages from peers, retries included). */
  federationRequests: number;
  lambda: Record<LambdaFunction, LambdaCounts>;
  /** Step Functions Standard state transitions: every state entered, every retry. */
  stateTransitions: number;
  /** DynamoDB from the site's Lambda code. */
  dynamodb: DynamoCounts;
  /** DynamoDB from the task runners (Fargate tasks in AWS, child processes here). */
  runnerDynamodb: DynamoCounts;
  /** Write units of the global secondary indexes, from the site and its runners together. */
  indexWcu: number;
  /** EventBridge PutEvents entries, by event type. */
  events: Record<string, number>;
  objects: ObjectCounts;
  runnerObjects: ObjectCounts;
  /** Reads of the site's signing keys (Secrets Manager GetSecretValue in AWS). */
  secretReads: number;
  tasks: TaskUsage[];
}

export function emptyDynamoCounts(): DynamoCounts {
  return { requests: 0, rcu: 0, wcu: 0, failedConditionalWrites: 0 };
}

export function emptyObjectCounts(): ObjectCounts {
  return { puts: 0, gets: 0, deletes: 0 };
}

export function emptyCounts(): MeterCounts {
  const lambda = Object.fromEntries(LAMBDA_FUNCTIONS.map((fn) => [fn, { requests: 0, runs: 0, ms: 0 }]));
  return {
    apiRequests: 0,
    federationRequests: 0,
    lambda: lambda as Record<LambdaFunction, LambdaCounts>,
    stateTransitions: 0,
    dynamodb: emptyDynamoCounts(),
    runnerDynamodb: emptyDynamoCounts(),
    indexWcu: 0,
    events: {},
    objects: emptyObjectCounts(),
    runnerObjects: emptyObjectCounts(),
    secretReads: 0,
    tasks: [],
  };
}

export function copyCounts(counts: MeterCounts): MeterCounts {
  return structuredClone(counts);
}

function combine<T extends object>(a: T, b: T, sign: 1 | -1): T {
  const out: Record<string, number> = {};
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    out[key] = ((a as Record<string, number>)[key] ?? 0) + sign * ((b as Record<string, number>)[key] ?? 0);
  }
  return out as T;
}

/** `a + b` (two sites, or a site and its runners' file). */
export function addCounts(a: MeterCounts, b: MeterCounts): MeterCounts {
  return merge(a, b, 1);
}

/** What happened between two snapshots of one meter: `after − before` (tasks: the ones added since). */
export function diffCounts(after: MeterCounts, before: MeterCounts): MeterCounts {
  return merge(after, before, -1);
}

function merge(a: MeterCounts, b: MeterCounts, sign: 1 | -1): MeterCounts {
  const lambda = Object.fromEntries(LAMBDA_FUNCTIONS.map((fn) => [fn, combine(a.lambda[fn], b.lambda[fn], sign)]));
  return {
    apiRequests: a.apiRequests + sign * b.apiRequests,
    federationRequests: a.federationRequests + sign * b.federationRequests,
    lambda: lambda as Record<LambdaFunction, LambdaCounts>,
    stateTransitions: a.stateTransitions + sign * b.stateTransitions,
    dynamodb: combine(a.dynamodb, b.dynamodb, sign),
    runnerDynamodb: combine(a.runnerDynamodb, b.runnerDynamodb, sign),
    indexWcu: a.indexWcu + sign * b.indexWcu,
    // Event types that cancel out are dropped: a diff names only the events that happened.
    events: Object.fromEntries(Object.entries(combine(a.events, b.events, sign)).filter(([, n]) => n !== 0)),
    objects: combine(a.objects, b.objects, sign),
    runnerObjects: combine(a.runnerObjects, b.runnerObjects, sign),
    secretReads: a.secretReads + sign * b.secretReads,
    tasks: sign === 1 ? [...a.tasks, ...b.tasks] : a.tasks.slice(b.tasks.length),
  };
}

/** Lambda invocations in all (what AWS bills $0.20 per million for). */
export function lambdaRequests(counts: MeterCounts): number {
  return LAMBDA_FUNCTIONS.reduce((sum, fn) => sum + counts.lambda[fn].requests, 0);
}

export function eventEntries(counts: MeterCounts): number {
  return Object.values(counts.events).reduce((sum, n) => sum + n, 0);
}
