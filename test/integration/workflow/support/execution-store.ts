import { DynamoExecutionStore } from '../../../../functions/adapters/dynamodb/execution-store.js';
import { type LocalDynamo, startDynalite } from '../../../support/dynalite.js';

/** The local workflow's store on a dynalite of its own (stop it in afterAll). */
export async function startExecutionStore(): Promise<{ store: DynamoExecutionStore; dynamo: LocalDynamo }> {
  const dynamo = await startDynalite();
  return { store: new DynamoExecutionStore(dynamo.client, dynamo.tableName), dynamo };
}

let jobs = 0;

/** A job id no other test of the process used: executions are stored, and a name starts once. */
export function freshJobId(): string {
  jobs += 1;
  return `2026112715441801${String(jobs).padStart(5, '0')}`;
}
