/**
 * A real DynamoDB wire protocol for integration tests: the local runtime's dynalite store, in
 * memory or on disk at `path`. Each test file starts its own and awaits `stop()` in afterAll.
 */
export { type LocalDynamo, startLocalDynamo as startDynalite } from '../../local/store/local-dynamo.js';
