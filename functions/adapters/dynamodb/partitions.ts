/**
 * The families of partition keys (PK) in the site's table: every item's PK is one of these
 * (a literal, or a prefix followed by an escaped id). The stack's IAM policies name them in
 * `dynamodb:LeadingKeys` conditions, so that a role reaches only the partitions its code uses:
 * a runner writes its job's items and transfers, never the party registry, pools or grants.
 * test/unit/adapters/dynamodb/partitions.test.ts checks every key builder against this list.
 */
export const PARTITIONS = {
  /** A job's records, tasks, component runs, table references, metrics and outputs; a model version's pipelined models (keys.ts). */
  job: 'JOB#',
  /** Values other parties' tasks sent (transfer-item.ts). */
  transfer: 'TRANSFER#',
  /** Resource pools, their grants inside (keys.ts). */
  pool: 'POOL#',
  /** Uploaded tables (keys.ts). */
  table: 'TABLE#',
  /** Permission grants, one partition per party (keys.ts). */
  grant: 'GRANT#',
  /** The party registry: one partition, the literal (party-store.ts). */
  parties: 'PARTIES',
  /** Webhook ids seen (the replay guard) and stored replies (delivery-store.ts). */
  webhook: 'WEBHOOK#',
  message: 'MESSAGE#',
  /** Launched tasks' delegation tickets and keys (delegation-store.ts). */
  delegation: 'DELEGATION#',
  /** The user API's app-key NONCEs seen (nonce-store.ts). */
  nonce: 'NONCE#',
  /** Service ids bound to model versions (`model bind`; keys.ts). */
  service: 'SERVICE#',
  /** The local workflow's running executions, what a restarted site resumes (execution-store.ts; local only). */
  executions: 'EXECUTIONS',
} as const;

export type PartitionFamily = keyof typeof PARTITIONS;

/** The `dynamodb:LeadingKeys` pattern of a family: the literal, or the prefix and any id. */
export function leadingKeyPattern(family: PartitionFamily): string {
  const value = PARTITIONS[family];
  return value.endsWith('#') ? `${value}*` : value;
}
