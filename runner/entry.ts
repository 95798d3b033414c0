/**
 * The runner process: the Fargate container's command in AWS, a child process of the local
 * launcher. It reads its task from the environment (RUNNER_ENV), runs it, and exits 0 when the
 * task succeeded, 1 when it failed (or the component's own code, e.g. Sleep's exit_code). The
 * launcher reports the exit; the task's status was already written here, so the exit only matters
 * when the runner died before writing it.
 */
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, Worker } from 'node:worker_threads';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../functions/adapters/dynamodb/client.js';
import { DynamoJobStore } from '../functions/adapters/dynamodb/job-store.js';
import { DynamoModelStore } from '../functions/adapters/dynamodb/model-store.js';
import { DynamoTableStore } from '../functions/adapters/dynamodb/table-store.js';
import { DynamoTrackingStore } from '../functions/adapters/dynamodb/tracking-store.js';
import { FileBoundTables } from '../functions/adapters/objects/file-bound-tables.js';
import { LocalObjectStore } from '../functions/adapters/objects/local-object-store.js';
import type { BoundTables } from '../functions/domain/ports/bound-tables.js';
import type { ObjectStore } from '../functions/domain/ports/object-store.js';
import { announceTaskEnd, announceTaskEndToSite, siteEventBus } from './announce-task-end.js';
import { runnableComponents } from './components/catalog.js';
import type { TaskThreads } from './components/component.js';
import { runnerLogger, taskLogKeys } from './context/task-log.js';
import { errorHeadline, errorReportOf } from './error-report.js';
import { federationFromConfig } from './federation-from-config.js';
import { runTask } from './run-task.js';
import { type RunnerConfig, readRunnerEnv } from './runner-env.js';
import type { RunnerWorkerData } from './serve-worker.js';

/** What a process killed by SIGTERM exits with by convention (128 + 15); ECS and shells read it so. */
const STOPPED_EXIT_CODE = 143;

function dynamoClient(config: RunnerConfig): DynamoDBClient {
  if (config.dynamodbEndpoint === undefined) return new DynamoDBClient({});
  // dynalite checks neither region nor credentials, but the SDK insists on having both.
  return new DynamoDBClient({
    endpoint: config.dynamodbEndpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/**
 * The objects folder beside a local site, or the bucket beside a deployed one; bound tables as the
 * site binds them (files, or S3 objects). The S3 client is imported only in AWS: a local task's
 * start would pay for loading it.
 */
async function objectStores(config: RunnerConfig): Promise<{ objects: ObjectStore; boundTables: BoundTables }> {
  const where = config.objects;
  if (where.kind === 'dir') return { objects: new LocalObjectStore(where.dir), boundTables: new FileBoundTables() };
  const [{ createS3Client, S3ObjectStore }, { S3BoundTables }] = await Promise.all([
    import('../functions/adapters/objects/s3-object-store.js'),
    import('../functions/adapters/objects/s3-bound-tables.js'),
  ]);
  return {
    objects: new S3ObjectStore(createS3Client(), { bucket: where.bucket }),
    boundTables: new S3BoundTables(createS3Client()),
  };
}

/**
 * The task's cores as threads: FATE's task_cores, but no more than the machine has (a local site
 * may grant more cores than it runs on). A worker thread starts from thread-entry beside this file
 * — `thread-entry.mjs` in the bundle, in the image and locally; thread-entry.ts under a TypeScript
 * loader, which workers inherit — with the same extension as this file's.
 */
function taskThreads(config: RunnerConfig): TaskThreads {
  const script = new URL(`./thread-entry${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
  return {
    count: Math.min(config.cores, availableParallelism()),
    start: (kind) => new Worker(script, { workerData: { fateFlowWorker: kind } satisfies RunnerWorkerData }),
  };
}

async function main(): Promise<number> {
  // The process's one logger: every line below, the components' included, goes through it.
  const log = runnerLogger();
  let config: RunnerConfig;
  try {
    config = readRunnerEnv(process.env);
  } catch (error) {
    log.error(`the runner cannot start: ${errorHeadline(error)}`);
    return 1;
  }
  log.appendPersistentKeys(taskLogKeys(config.task));
  // A stop (launcher SIGTERM, ECS StopTask) ends the task where it is: whoever stopped it records
  // its status, so nothing is written here, least of all success.
  process.once('SIGTERM', () => {
    log.info('stopped');
    process.exit(STOPPED_EXIT_CODE);
  });
  const doc = createDocumentClient(dynamoClient(config));
  const jobs = new DynamoJobStore(doc, config.tableName);
  const { federation } = federationFromConfig(config, doc);
  try {
    const result = await runTask(
      {
        ...(await objectStores(config)),
        jobs,
        tracking: new DynamoTrackingStore(doc, config.tableName),
        modelStore: new DynamoModelStore(doc, config.tableName),
        tables: new DynamoTableStore(doc, config.tableName),
        components: runnableComponents({ testComponents: config.testComponents }),
        federation,
        threads: taskThreads(config),
        log,
        heartbeat: {
          intervalMs: config.heartbeatMs,
          beat: (key, at) => jobs.recordTaskHeartbeat(key, at).then(() => {}),
        },
      },
      config.task,
    );
    await announceTaskEnd(await siteEventBus(config.outboxFunction), config.task, result.status, log);
    await announceTaskEndToSite(result.status);
    return result.exitCode;
  } catch (error) {
    // The task could not even be loaded or its end recorded: the launcher's exit report is all that remains.
    log.error('runner failed', { error_report: errorReportOf(error) });
    return 1;
  }
}

if (isMainThread) {
  // Exit explicitly: the SDK's keep-alive sockets must not hold a finished task's container up.
  process.exit(await main());
}
// A worker thread entered here is a library's (the runner's own start from thread-entry.ts): one
// may start workers on its own module's file, which in the bundle is this one (bigint-crypto-utils'
// prime search did, before the key came from OpenSSL), and serve them from its module's top level.
// The runner must not run the task a second time there.
