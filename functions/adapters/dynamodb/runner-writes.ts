/**
 * Every attribute a runner's writes name: its task's end and heartbeats (job-store.ts,
 * updateTaskPartyStatus and recordTaskHeartbeat), its metrics and outputs (tracking-item.ts), and
 * the parts of a value for a task at its own site (transfer-item.ts). The runner's role may write
 * only these (IAM `dynamodb:Attributes`), so it cannot write a job record's status, roles or
 * initiator, a task's federated status or its worker id, whatever item it names.
 * test/unit/adapters/dynamodb/runner-writes.test.ts builds each item and checks it against this list.
 */
export const RUNNER_WRITTEN_ATTRIBUTES = [
  'PK',
  'SK',
  // A task's end, and proof of life while it runs (the condition names partyStatus too).
  'partyStatus',
  'updateTime',
  'endTime',
  'elapsed',
  'errorReport',
  'statusHistory',
  'heartbeatTime',
  // Metrics and outputs.
  'type',
  'jobId',
  'component',
  'role',
  'partyId',
  'namespace',
  'name',
  'data',
  'meta',
  'kind',
  'location',
  'createTime',
  // A transferred value's part.
  'srcRole',
  'srcPartyId',
  'destRole',
  'destPartyId',
  'tag',
  'index',
  'count',
  'size',
  'sha256',
  'payload',
  'storeTime',
  'expiresAt',
  'ttl',
  // The job's transfer quota, counted up before a part for a task at its own site is put
  // (transfer-quota-item.ts; its `type`, `jobId`, `expiresAt` and `ttl` are listed above).
  'parts',
  'bytes',
] as const;
