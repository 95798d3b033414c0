/**
 * ExecutionStore on the site's DynamoDB table: the local workflow's executions and component waits
 * in the job's partition, and a marker per RUNNING execution in one partition that a restarted
 * site reads. Single-item writes only (dynalite has no transactions), ordered so that a crash
 * between two of them is repaired on the next read.
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type ComponentWait,
  EXECUTION_STATUSES,
  type ExecutionEndStatus,
  type ExecutionRecord,
  type ExecutionStatus,
  type ExecutionStore,
} from '../../domain/ports/execution-store.js';
import { ItemReader, withoutUndefined } from './item-reader.js';
import {
  componentWaitItemKey,
  componentWaitPrefix,
  executionItemKey,
  jobPartition,
  RUNNING_EXECUTIONS_PARTITION,
  runningExecutionItemKey,
} from './keys.js';
import { batchDelete, batchGet, conditionally, type Item, queryAll, queryPrefix } from './operations.js';

const isExecutionStatus = (value: unknown): value is ExecutionStatus =>
  typeof value === 'string' && (EXECUTION_STATUSES as readonly string[]).includes(value);

const isCountList = (value: unknown): value is number[] =>
  Array.isArray(value) && value.every((count) => Number.isSafeInteger(count) && count >= 0);

function fromExecutionItem(item: Item): ExecutionRecord {
  const read = new ItemReader(item, 'execution');
  const stopTime = read.optionalNumber('stopTime');
  return {
    jobId: read.string('jobId'),
    run: read.number('run'),
    name: read.string('name'),
    status: read.oneOf('status', isExecutionStatus),
    input: { jobId: new ItemReader(read.object('input'), 'execution input').string('jobId') },
    startTime: read.number('startTime'),
    ...(stopTime === undefined ? {} : { stopTime }),
  };
}

function fromComponentWaitItem(item: Item): ComponentWait {
  const read = new ItemReader(item, 'component wait');
  const taskToken = read.optionalString('taskToken');
  return {
    jobId: read.string('jobId'),
    run: read.number('run'),
    component: read.string('component'),
    ...(taskToken === undefined ? {} : { taskToken }),
    retries: read.shaped('retries', isCountList, 'a list of counts'),
  };
}

export class DynamoExecutionStore implements ExecutionStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The marker first: an execution item never exists RUNNING without one. */
  async createExecution(execution: ExecutionRecord): Promise<'created' | 'exists'> {
    if ((await this.getExecution(execution.jobId, execution.run)) !== undefined) return 'exists';
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...runningExecutionItemKey(execution.jobId, execution.run),
          type: 'runningExecution',
          jobId: execution.jobId,
          run: execution.run,
        },
      }),
    );
    const created = await conditionally(() =>
      this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: withoutUndefined({
            ...executionItemKey(execution.jobId, execution.run),
            type: 'execution',
            ...execution,
          }),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    );
    return created ? 'created' : 'exists';
  }

  async getExecution(jobId: string, run: number): Promise<ExecutionRecord | undefined> {
    const { Item: item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: executionItemKey(jobId, run), ConsistentRead: true }),
    );
    return item === undefined ? undefined : fromExecutionItem(item);
  }

  /** The status first, then the waits and the marker: a marker left behind points at an ended execution. */
  async endExecution(jobId: string, run: number, status: ExecutionEndStatus, stopTime: number): Promise<boolean> {
    const ended = await conditionally(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: executionItemKey(jobId, run),
          UpdateExpression: 'SET #status = :status, stopTime = :stopTime',
          ConditionExpression: '#status = :running',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ':stopTime': stopTime, ':running': 'RUNNING' },
        }),
      ),
    );
    if (!ended) return false;
    const waits = await queryPrefix(this.doc, this.tableName, jobPartition(jobId), componentWaitPrefix(run), {
      keysOnly: true,
    });
    await batchDelete(
      this.doc,
      this.tableName,
      waits.map((item) => ({ PK: String(item.PK), SK: String(item.SK) })),
    );
    await this.dropMarker(jobId, run);
    return true;
  }

  /** The markers, each checked against its execution: one that is not RUNNING (a crash mid-write) is dropped. */
  async runningExecutions(): Promise<ExecutionRecord[]> {
    const markers = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': RUNNING_EXECUTIONS_PARTITION },
      ConsistentRead: true,
    });
    const refs = markers.map((item) => {
      const read = new ItemReader(item, 'running execution');
      return { jobId: read.string('jobId'), run: read.number('run') };
    });
    const executions = (
      await batchGet(
        this.doc,
        this.tableName,
        refs.map((ref) => executionItemKey(ref.jobId, ref.run)),
      )
    ).map(fromExecutionItem);
    const running = executions.filter((execution) => execution.status === 'RUNNING');
    const stale = refs.filter((ref) => !running.some((e) => e.jobId === ref.jobId && e.run === ref.run));
    for (const ref of stale) await this.dropMarker(ref.jobId, ref.run);
    return running.sort((a, b) => a.startTime - b.startTime || a.name.localeCompare(b.name));
  }

  async saveComponentWait(wait: ComponentWait): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: withoutUndefined({
          ...componentWaitItemKey(wait.jobId, wait.run, wait.component),
          type: 'componentWait',
          ...wait,
          retries: [...wait.retries],
        }),
      }),
    );
  }

  async componentWaits(jobId: string, run: number): Promise<ComponentWait[]> {
    const items = await queryPrefix(this.doc, this.tableName, jobPartition(jobId), componentWaitPrefix(run));
    return items.map(fromComponentWaitItem);
  }

  private async dropMarker(jobId: string, run: number): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: runningExecutionItemKey(jobId, run) }));
  }
}
