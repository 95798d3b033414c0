import { type DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { httpClientTo, type LocalDynamo, startDynalite } from '../../support/dynalite.js';

/**
 * A site's own store client hands its requests to dynalite in-process (local/store/in-process-dynalite.ts);
 * a runner's goes over HTTP to the same dynalite. Both must see one table and get the same answers,
 * errors included.
 */
let local: LocalDynamo;
let overHttp: DynamoDBClient;

beforeAll(async () => {
  local = await startDynalite();
  overHttp = httpClientTo(local);
});

afterAll(async () => {
  overHttp.destroy();
  await local.stop();
});

const key = (pk: string, sk: string) => ({ PK: { S: pk }, SK: { S: sk } });

describe("the site's in-process store client", () => {
  it('writes what a client over HTTP reads, and reads what it writes', async () => {
    await local.client.send(
      new PutItemCommand({
        TableName: local.tableName,
        Item: { ...key('JOB#a', 'TASK#1'), note: { S: 'in-process' } },
      }),
    );
    await overHttp.send(
      new PutItemCommand({ TableName: local.tableName, Item: { ...key('JOB#a', 'TASK#2'), note: { S: 'over http' } } }),
    );
    const fromHttp = await overHttp.send(
      new GetItemCommand({ TableName: local.tableName, Key: key('JOB#a', 'TASK#1') }),
    );
    const inProcess = await local.client.send(
      new GetItemCommand({ TableName: local.tableName, Key: key('JOB#a', 'TASK#2') }),
    );
    expect(fromHttp.Item?.note).toEqual({ S: 'in-process' });
    expect(inProcess.Item?.note).toEqual({ S: 'over http' });
  });

  it('gives the same Query answer as a client over HTTP', async () => {
    const query = new QueryCommand({
      TableName: local.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': { S: 'JOB#a' }, ':sk': { S: 'TASK#' } },
    });
    const [inProcess, fromHttp] = await Promise.all([local.client.send(query), overHttp.send(query)]);
    expect(inProcess.Items).toEqual(fromHttp.Items);
    expect(inProcess.Items?.map((item) => item.SK?.S)).toEqual(['TASK#1', 'TASK#2']);
  });

  it("raises dynalite's refusals as the SDK's named errors, as over HTTP", async () => {
    const conditional = new PutItemCommand({
      TableName: local.tableName,
      Item: key('JOB#a', 'TASK#1'),
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    const invalid = new GetItemCommand({ TableName: local.tableName, Key: { PK: { S: 'JOB#a' } } });
    const refusals: Array<[() => Promise<unknown>, () => Promise<unknown>]> = [
      [() => local.client.send(conditional), () => local.client.send(invalid)],
      [() => overHttp.send(conditional), () => overHttp.send(invalid)],
    ];
    for (const [refusedCondition, refusedKey] of refusals) {
      await expect(refusedCondition()).rejects.toMatchObject({
        name: 'ConditionalCheckFailedException',
        $metadata: { httpStatusCode: 400 },
      });
      await expect(refusedKey()).rejects.toMatchObject({
        name: 'ValidationException',
        message: 'The provided key element does not match the schema',
      });
    }
  });

  it('refuses requests once the store is stopped, as a closed server would', async () => {
    const stopped = await startDynalite();
    await stopped.stop();
    await expect(
      stopped.client.send(new GetItemCommand({ TableName: stopped.tableName, Key: key('JOB#a', 'TASK#1') })),
    ).rejects.toThrow(`the store at ${stopped.endpoint} is stopped`);
  });

  it('sends nothing for a request aborted before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    const put = new PutItemCommand({ TableName: local.tableName, Item: key('JOB#a', 'TASK#aborted') });
    await expect(local.client.send(put, { abortSignal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    const after = await overHttp.send(
      new GetItemCommand({ TableName: local.tableName, Key: key('JOB#a', 'TASK#aborted') }),
    );
    expect(after.Item).toBeUndefined();
  });
});
