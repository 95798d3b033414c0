/**
 * A real DynamoDB wire protocol for integration tests: the local runtime's dynalite store, in
 * memory or on disk at `path`. Each test file starts its own and awaits `stop()` in afterAll.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LocalDynamo } from '../../local/store/local-dynamo.js';

export { type LocalDynamo, startLocalDynamo as startDynalite } from '../../local/store/local-dynamo.js';

/**
 * A client of `local` over its HTTP endpoint, as a runner (another process) reaches it — not
 * through the site's own in-process clients. The caller destroys it.
 */
export function httpClientTo(local: Pick<LocalDynamo, 'endpoint'>): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: local.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}
