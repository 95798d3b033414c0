/**
 * A real DynamoDB wire protocol on this machine: dynalite on 127.0.0.1 (a free port), in memory or
 * on disk (LevelDB) at `path` so that a site's restart loses nothing, with the site's table created.
 */
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { createTable } from '../../functions/adapters/dynamodb/create-table.js';
import { memoizeDynaliteParsers } from './dynalite-parse-memo.js';
import { inProcessRequestHandler, type RequestListener } from './in-process-dynalite.js';
import { gateRequests } from './request-gate.js';

interface DynaliteOptions {
  readonly createTableMs?: number;
  readonly deleteTableMs?: number;
  readonly updateTableMs?: number;
  readonly path?: string;
}

// dynalite is CommonJS without type declarations: its factory returns a node:http Server.
const dynalite = createRequire(import.meta.url)('dynalite') as (options: DynaliteOptions) => Server;

export interface LocalDynamo {
  readonly client: DynamoDBDocumentClient;
  /**
   * The same table through a client no meter sees: for the local runtime's own bookkeeping that
   * AWS does without DynamoDB (the workflow's executions, which Step Functions keeps).
   */
  readonly unmeteredClient: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Counts what the store is asked (local/metering): the client's capacity, the server's index writes. */
export interface DynamoMeter {
  dynamoClient(client: DynamoDBClient): void;
  dynaliteServer(serverOptions: object): void;
}

/** How long a stop waits for the requests already in: dynalite answers in milliseconds. */
const STOP_DRAIN_MS = 5_000;

export async function startLocalDynamo(
  options: { readonly path?: string; readonly tableName?: string; readonly meter?: DynamoMeter } = {},
): Promise<LocalDynamo> {
  const serverOptions: DynaliteOptions = {
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path === undefined ? {} : { path: options.path }),
  };
  options.meter?.dynaliteServer(serverOptions);
  memoizeDynaliteParsers();
  const server = dynalite(serverOptions);
  const gate = gateRequests(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  // The runners (other processes) reach the store at `endpoint`; this process's own clients hand
  // their requests to the server as its 'request' event, without a socket (in-process-dynalite.ts):
  // whatever listens to the server's requests hears them as it hears the runners'. Once stopped it
  // takes none, as a closed server would not: dynalite's store would fail them out of any caller's reach.
  let stopped = false;
  const listener: RequestListener = (request, response) => {
    if (stopped) throw new Error(`the store at ${endpoint} is stopped`);
    server.emit('request', request, response);
  };
  const connect = () =>
    new DynamoDBClient({
      endpoint,
      requestHandler: inProcessRequestHandler(listener),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      // dynalite answers at once; the SDK's default retries would only slow a failing test down.
      maxAttempts: 3,
    });
  const raw = connect();
  const unmetered = options.meter === undefined ? raw : connect();
  options.meter?.dynamoClient(raw);
  const tableName = options.tableName ?? 'fate-flow';
  const stop = async (): Promise<void> => {
    stopped = true;
    // The requests already in are answered before dynalite closes its database (request-gate.ts).
    await gate.close(STOP_DRAIN_MS);
    raw.destroy();
    unmetered.destroy();
    server.closeAllConnections?.();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  };
  try {
    await createTable(raw, tableName);
  } catch (error) {
    await stop();
    throw error;
  }
  const client = createDocumentClient(raw);
  const unmeteredClient = unmetered === raw ? client : createDocumentClient(unmetered);
  return { client, unmeteredClient, tableName, endpoint, stop };
}
