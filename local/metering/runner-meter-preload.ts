/**
 * Loaded into a task runner process (`node --import tsx --import <this file>`) when the site is
 * metered: the runner's own DynamoDB and object-store requests are counted with the site's rules
 * and written, as JSON, to the file named by FATE_FLOW_METER_FILE when the process exits. The
 * runner's code is untouched: the DynamoDB client gets the same capacity middleware as the site's,
 * and the object store's methods are wrapped on its prototype.
 */
import { writeFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LocalObjectStore } from '../../functions/adapters/objects/local-object-store.js';
import { meterDynamoClient } from './dynamodb-capacity.js';
import { emptyDynamoCounts, emptyObjectCounts } from './meter-counts.js';
import { RUNNER_METER_FILE_ENV } from './runner-metering.js';
import type { RunnerCounts } from './site-meter.js';

const file = process.env[RUNNER_METER_FILE_ENV];
if (file !== undefined && file !== '') {
  const counts: RunnerCounts = { dynamodb: emptyDynamoCounts(), objects: emptyObjectCounts() };
  const from = DynamoDBDocumentClient.from.bind(DynamoDBDocumentClient);
  DynamoDBDocumentClient.from = (client, config) => {
    meterDynamoClient(client, counts.dynamodb);
    return from(client, config);
  };
  const send = DynamoDBClient.prototype.send;
  // The overloads of send cannot be restated; the wrapper only adds the middleware, then calls through.
  DynamoDBClient.prototype.send = function meteredSend(this: DynamoDBClient, ...args: Parameters<typeof send>) {
    meterDynamoClient(this, counts.dynamodb);
    return Reflect.apply(send, this, args);
  } as typeof send;
  const store = LocalObjectStore.prototype;
  const { put, get, delete: remove } = store;
  store.put = function (this: LocalObjectStore, ...args: Parameters<typeof put>) {
    counts.objects.puts += 1;
    return put.apply(this, args);
  };
  store.get = function (this: LocalObjectStore, ...args: Parameters<typeof get>) {
    counts.objects.gets += 1;
    return get.apply(this, args);
  };
  store.delete = function (this: LocalObjectStore, ...args: Parameters<typeof remove>) {
    counts.objects.deletes += 1;
    return remove.apply(this, args);
  };
  process.once('exit', () => writeFileSync(file, JSON.stringify(counts)));
}
