import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from '@jest/globals';
import { startLocalDynamo } from '../../../local/store/local-dynamo.js';

/**
 * A site's store stopped while a runner's writes are in flight (a site shut down mid-job). dynalite
 * closes its database with the server, and an action still running then threw "Database is closed"
 * from a callback — an uncaught exception that ended the process (jest fails the test on it). The
 * stop now answers the requests already in first (local/store/request-gate.ts).
 */
describe('a local store stopped with writes in flight', () => {
  it('answers or refuses every write, and nothing escapes as an uncaught exception', async () => {
    for (let round = 0; round < 8; round += 1) {
      const local = await startLocalDynamo();
      const runner = new DynamoDBClient({
        endpoint: local.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 1,
      });
      // Each write's outcome, taken at once: answered, or refused (503, or the connection closed).
      const writes = Array.from({ length: 8 }, (_, w) =>
        runner
          .send(
            new BatchWriteItemCommand({
              RequestItems: {
                [local.tableName]: Array.from({ length: 25 }, (_, i) => ({
                  PutRequest: { Item: { PK: { S: `p${w}-${i}` }, SK: { S: 'x' }, value: { S: 'y'.repeat(2000) } } },
                })),
              },
            }),
          )
          .then(
            () => 'answered',
            () => 'refused',
          ),
      );
      // Stopped at a different point of the writes each round.
      await new Promise((resolve) => setTimeout(resolve, 5 + 3 * round));
      await local.stop();
      const outcomes = await Promise.all(writes);
      runner.destroy();
      expect(outcomes.every((outcome) => outcome === 'answered' || outcome === 'refused')).toBe(true);
    }
  }, 60_000);
});
