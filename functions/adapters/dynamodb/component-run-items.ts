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

/** The whole run, as the step attaches it. */
const WHOLE_RUN =
  'SET #type = :type, jobId = :jobId, component = :component, taskToken = :token, taskVersion = :version, startTime = :start';

function wholeRunValues(run: ComponentRun): Record<string, unknown> {
  return {
    ':type': 'componentRun',
    ':jobId': run.jobId,
    ':component': run.component,
    ':token': run.taskToken,
    ':version': run.taskVersion,
    ':start': run.startTime,
  };
}

/**
 * The run of a component that has none yet (no step has reached it); false, writing nothing, when
 * it has one — a rerun's or a resumed workflow's step, which attachComponentRun decides for. An
 * update rather than a put: the step's function is allowed UpdateItem on the table, not PutItem.
 */
export function createComponentRun(
  doc: DynamoDBDocumentClient,
  tableName: string,
  run: ComponentRun,
): Promise<boolean> {
  return conditionally(() =>
    doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: componentRunItemKey(run.jobId, run.component),
        UpdateExpression: WHOLE_RUN,
        ConditionExpression: 'attribute_not_exists(PK)',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: wholeRunValues(run),
      }),
    ),
  );
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
        UpdateExpression: WHOLE_RUN,
        ConditionExpression: 'attribute_not_exists(PK) OR taskVersion <= :version',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: wholeRunValues(run),
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
