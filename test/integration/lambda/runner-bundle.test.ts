import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import { LocalObjectStore } from '../../../functions/adapters/objects/local-object-store.js';
import { PaillierDecryptor } from '../../../runner/components/hetero-lr/decryptor.js';
import { featureExponents } from '../../../runner/components/hetero-lr/gradient-exchange.js';
import { ObfuscatorSource } from '../../../runner/components/hetero-lr/obfuscators.js';
import { crtKey } from '../../../runner/components/hetero-lr/paillier.js';
import { paillierWork } from '../../../runner/components/hetero-lr/paillier-threads.js';
import { inlineWork } from '../../../runner/components/hetero-lr/paillier-work.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { GUEST, storeJob } from '../runner/records.js';

const run = promisify(execFile);
const BUNDLE_SCRIPT = fileURLToPath(new URL('../../../scripts/bundle-runner.mjs', import.meta.url));

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the bundle as the container does (`node runner.mjs`), with only `env` in its environment. */
async function runBundle(bundle: string, env: Record<string, string>): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bundle], {
      cwd: tmpdir(),
      env,
      timeout: 10_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe("the runner's container bundle (scripts/bundle-runner.mjs, as runner/Dockerfile builds it)", () => {
  let dir: string;
  let bundle: string;
  let dynamo: LocalDynamo;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'runner-bundle-'));
    bundle = join(dir, 'image', 'runner.mjs');
    const [local] = await Promise.all([
      startDynalite(),
      run(process.execPath, [BUNDLE_SCRIPT, bundle], { timeout: 30_000 }),
    ]);
    dynamo = local;
  });

  afterAll(async () => {
    await dynamo.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 1 naming the first missing variable when started with an empty environment', async () => {
    const outcome = await runBundle(bundle, {});

    expect([outcome.code, outcome.stdout]).toEqual([1, '']);
    expect(JSON.parse(outcome.stderr)).toEqual({
      level: 'ERROR',
      message: 'the runner cannot start: RunnerEnvError: FATE_FLOW_ROLE is not set',
      timestamp: expect.any(String),
      service: 'fate-flow-runner',
      sampling_rate: 0,
    });
  });

  it("requires Node's http and https instead of importing them (an ESM import of http loads Node's undici at every start)", async () => {
    const files = (await readdir(join(dir, 'image'))).filter((file) => file.endsWith('.mjs'));
    expect(files).toContain('runner.mjs');
    expect(files.length).toBeGreaterThan(1);
    const importsOfHttp: string[] = [];
    for (const file of files) {
      const code = await readFile(join(dir, 'image', file), 'utf8');
      importsOfHttp.push(
        ...(code.match(/\bfrom\s*["'](node:)?https?["']|\bimport\s*\(\s*["'](node:)?https?["']/g) ?? []),
      );
    }
    expect(importsOfHttp).toEqual([]);
  });

  it('runs a PassThrough task on its own: the task succeeds and its output table is written', async () => {
    const jobs = new DynamoJobStore(dynamo.client, dynamo.tableName);
    const { key } = await storeJob(jobs, {
      pass_0: { module: 'PassThrough', parameters: { rows: 3 }, output: { data: ['data'] } },
    });
    const task = key('pass_0');
    const objectsDir = join(dir, 'objects');
    const outcome = await runBundle(bundle, {
      FATE_FLOW_PARTY_ID: String(GUEST),
      FATE_FLOW_TABLE: dynamo.tableName,
      FATE_FLOW_DYNAMODB_ENDPOINT: dynamo.endpoint,
      FATE_FLOW_OBJECTS_DIR: objectsDir,
      FATE_FLOW_JOB_ID: task.jobId,
      FATE_FLOW_COMPONENT: task.component,
      FATE_FLOW_TASK_VERSION: String(task.taskVersion),
      FATE_FLOW_ROLE: task.role,
      FATE_FLOW_TEST_COMPONENTS: 'true',
    });
    expect([outcome.code, outcome.stderr]).toEqual([0, '']);
    // Powertools inside the bundle: the task's log as JSON lines with the task's keys.
    const keys = { job: task.jobId, role: 'guest', party: GUEST, component: 'pass_0' };
    expect(
      outcome.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      expect.objectContaining({ level: 'INFO', message: 'running PassThrough', ...keys }),
      expect.objectContaining({ level: 'INFO', message: 'wrote data: a generated table of 3 rows', ...keys }),
      expect.objectContaining({ level: 'INFO', message: expect.stringMatching(/^success in \d+ ms$/), ...keys }),
    ]);
    expect((await jobs.getTask(task))?.partyStatus).toBe('success');
    const table = await new LocalObjectStore(objectsDir).get(`outputs/${task.jobId}/pass_0/guest/${GUEST}/v0/data.csv`);
    expect(Buffer.from(table ?? new Uint8Array()).toString('utf8')).toBe('id,x0\n0,0\n1,0.1\n2,0.2\n');
  });

  it("serves HeteroLR's Paillier work from its thread entry beside runner.mjs, as entry.ts starts its threads", async () => {
    // A small fixed key (two primes of ~128 bits): what is checked is the thread, not the key.
    const [p, q] = [0x1028bcf91a08b158ac0fb731cdf7536a7n, 0xb91adb974d268198a21f44d87a67cd17n];
    const key = crtKey(p * q, p, q);
    const threadEntry = join(dir, 'image', 'thread-entry.mjs');
    const work = paillierWork({
      count: 3,
      start: (kind) => new Worker(threadEntry, { workerData: { fateFlowWorker: kind } }),
    });
    try {
      const ciphertexts = await new ObfuscatorSource(key.publicKey).encryptMany([5n, 7n, 11n]);
      const columns = featureExponents([[1], [2], [3]], 1, 0, true);
      const dots = await work.gradient(key.publicKey, ciphertexts, columns);
      expect(dots).toEqual(await inlineWork.gradient(key.publicKey, ciphertexts, columns));
      // 1·5 + 2·7 + 3·11 and 5 + 7 + 11.
      expect(await new PaillierDecryptor(key, work).decryptMany(dots)).toEqual([52n, 23n]);
    } finally {
      await work.close();
    }
  });

  it('does nothing in a worker thread it did not start (a library may start workers on its own file: the bundle)', async () => {
    // With the environment of a task: a runner that ran the task here would run it twice.
    const worker = new Worker(bundle, { env: { FATE_FLOW_ROLE: 'arbiter' }, stdout: true, stderr: true });
    let output = '';
    const collect = (chunk: unknown) => {
      output += String(chunk);
    };
    worker.stdout.on('data', collect);
    worker.stderr.on('data', collect);
    const code = await new Promise((resolve) => worker.once('exit', resolve));
    expect([code, output]).toEqual([0, '']);
  });
});
