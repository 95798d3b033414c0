/**
 * DynamoDB capacity as DynamoDB itself reports it: a middleware on the client's stack asks every
 * data-plane request for `ReturnConsumedCapacity: 'TOTAL'` and sums `ConsumedCapacity` from the
 * answers. dynalite computes it with DynamoDB's rules (writes per 1 KB of the larger of the old and
 * new item, reads per 4 KB, eventually consistent at half), so the units are exact for what the
 * local runtime does. What dynalite does not report is added by rule, and named as such:
 * - a Query/Scan that reads nothing reports 0; DynamoDB bills at least one read (0.5 or 1 unit);
 * - a refused conditional write reports nothing; DynamoDB bills it, here at its 1-WCU minimum;
 * - index writes: see dynalite-index-writes.ts.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoCounts } from './meter-counts.js';

const READS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
]);
const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);
const SCANS = new Set(['QueryCommand', 'ScanCommand']);

interface Capacity {
  readonly CapacityUnits?: number;
}

function unitsOf(consumed: unknown): number {
  const list: readonly Capacity[] = Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed];
  return list.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

const METERED = Symbol.for('fate-flow.capacity-meter');

/** Adds the capacity middleware to `client` once; its counts go to `counts`. */
export function meterDynamoClient(client: DynamoDBClient, counts: DynamoCounts): void {
  const tagged = client as DynamoDBClient & { [METERED]?: true };
  if (tagged[METERED]) return;
  tagged[METERED] = true;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? '';
      const isRead = READS.has(command);
      if (!isRead && !WRITES.has(command)) return next(args);
      const input = args.input as Record<string, unknown>;
      const asked = input.ReturnConsumedCapacity;
      counts.requests += 1;
      try {
        const result = await next({ ...args, input: { ...input, ReturnConsumedCapacity: 'TOTAL' } });
        // Only the commands above reach here, and every one of them may carry ConsumedCapacity.
        const output = result.output as { ConsumedCapacity?: unknown };
        let units = unitsOf(output.ConsumedCapacity);
        if (units === 0 && SCANS.has(command)) units = input.ConsistentRead === true ? 1 : 0.5;
        if (isRead) counts.rcu += units;
        else counts.wcu += units;
        // The caller sees what it would have seen without the meter.
        if (asked === undefined) delete output.ConsumedCapacity;
        return result;
      } catch (error) {
        if (!isRead && isConditionFailure(error)) {
          counts.failedConditionalWrites += 1;
          counts.wcu += 1;
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'fateFlowCapacityMeter', override: true },
  );
}
