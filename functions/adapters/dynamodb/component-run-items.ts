/**
 * The initiator's component runs (`RUN#<component>` in the job's partition): which workflow token
 * waits for a component and which task version it runs. Two writers meet here — the workflow step
 * that (re)attaches a token, and a retry that moves the version on — so neither replaces the whole
 * item, and the version never moves backwards.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ComponentRun } from '../../domain/ports/job-store.js';
import { ItemReader } from './item-reader.js';
import { componentRunItemKey } from './keys.js';
import { conditionally, type Item } from './operations.js';

function fromComponentRunItem(item: Item): ComponentRun {
  const read = new ItemReader(item, 'component run');
  return {
    jobId: read.string('jobId'),
    component: read.string('component'),
    taskToken: read.string('taskToken'),
    taskVersion: read.number('taskVersion'),
    startTime: read.number('startTime'),
  };
}

export async function getComponentRun(
  doc: DynamoDBDocumentClient,
  tableName: string,
  jobId: string,
  component: string,
): Promise<ComponentRun | undefined> {
  const { Item: item } = await doc.send(
    new GetCommand({ TableName: tableName, Key: componentRunItemKey(jobId, component), ConsistentRead: true }),
  );
  return item === undefined ? undefined : fromComponentRunItem(item);
}

/**
 * The token always; the version and start time only when the stored version is not ahead (a
 * resumed workflow re-attaching to a component whose retry already started keeps that retry).
 */
export async function attachComponentRun(
  doc: DynamoDBDocumentClient,
  tableName: string,
  run: ComponentRun,
): Promise<ComponentRun> {
  const key = componentRunItemKey(run.jobId, run.component);
  const whole = await conditionally(() =>
    doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression:
          'SET #type = :type, jobId = :jobId, component = :component, taskToken = :token, taskVersion = :version, startTime = :start',
        ConditionExpression: 'attribute_not_exists(PK) OR taskVersion <= :version',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':type': 'componentRun',
          ':jobId': run.jobId,
          ':component': run.component,
          ':token': run.taskToken,
          ':version': run.taskVersion,
          ':start': run.startTime,
        },
      }),
    ),
  );
  if (whole) return run;
  const { Attributes: stored } = await doc.send(
    new UpdateCommand({
      TableName: tableName,
      Key: key,
      UpdateExpression: 'SET taskToken = :token',
      ExpressionAttributeValues: { ':token': run.taskToken },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return fromComponentRunItem(stored ?? {});
}

/** A retry: the run moves from version `from` to `to`; false (nothing written) when it was not at `from`. */
export function advanceComponentRun(
  doc: DynamoDBDocumentClient,
  tableName: string,
  change: { readonly jobId: string; readonly component: string; readonly from: number; readonly to: number },
  startTime: number,
): Promise<boolean> {
  return conditionally(() =>
    doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: componentRunItemKey(change.jobId, change.component),
        UpdateExpression: 'SET taskVersion = :to, startTime = :start',
        ConditionExpression: 'taskVersion = :from',
        ExpressionAttributeValues: { ':to': change.to, ':from': change.from, ':start': startTime },
      }),
    ),
  );
}
