import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoDelegationStore } from '../../../functions/adapters/dynamodb/delegation-store.js';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import { LocalObjectStore } from '../../../functions/adapters/objects/local-object-store.js';
import type { TaskExit } from '../../../functions/domain/ports/task-launcher.js';
import type { TaskKey } from '../../../functions/domain/records/task-record.js';
import { readDelegation } from '../../../functions/domain/signing/delegation.js';
import { generateSigningKey } from '../../../functions/domain/signing/keys.js';
import { delegateTask } from '../../../functions/services/federation/delegate-task.js';
import { issueDelegationTicket } from '../../../functions/services/tasks/delegation-ticket.js';
import { ProcessTaskLauncher, type ProcessTaskLauncherOptions } from '../../../local/launcher/process-task-launcher.js';
import { taskLogPath } from '../../../local/launcher/task-log-path.js';
import { WorkerFiles } from '../../../local/launcher/worker-files.js';
import { isProcessAlive as isAlive } from '../../e2e/orchestration/runner-processes.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { taskLogMessages } from '../../support/task-log.js';
import { GUEST, storeJob } from './records.js';

const STAND_IN = fileURLToPath(new URL('./fixtures/runner-stand-in.ts', import.meta.url));

let local: LocalDynamo;
let dir: string;
let jobs: DynamoJobStore;
let siteEnv: Record<string, string>;
const launchers: ProcessTaskLauncher[] = [];
const exits = new Map<string, (exit: TaskExit) => void>();
const reported = new Map<string, Promise<TaskExit>>();
const allExits: TaskExit[] = [];

beforeAll(async () => {
  local = await startDynalite();
  dir = await mkdtemp(join(tmpdir(), 'process-launcher-'));
  jobs = new DynamoJobStore(local.client, local.tableName);
  siteEnv = {
    FATE_FLOW_TABLE: local.tableName,
    FATE_FLOW_DYNAMODB_ENDPOINT: local.endpoint,
    FATE_FLOW_OBJECTS_DIR: join(dir, 'objects'),
    FATE_FLOW_PARTY_ID: String(GUEST),
    // A site that opted into the test components: these tests run PassThrough and Sleep.
    FATE_FLOW_TEST_COMPONENTS: 'true',
  };
});

afterEach(async () => {
  await Promise.all(launchers.splice(0).map((launcher) => launcher.close()));
});

afterAll(async () => {
  await local.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The exit the launcher reports for `workerId`, however long it takes. */
function exitOf(workerId: string): Promise<TaskExit> {
  let promise = reported.get(workerId);
  if (promise === undefined) {
    promise = new Promise<TaskExit>((resolve) => exits.set(workerId, resolve));
    reported.set(workerId, promise);
  }
  return promise;
}

function launcher(options: Partial<ProcessTaskLauncherOptions> = {}): ProcessTaskLauncher {
  const created = new ProcessTaskLauncher({
    env: siteEnv,
    logsDir: join(dir, 'logs'),
    workersDir: join(dir, 'workers'),
    onExit: (exit) => {
      allExits.push(exit);
      void exitOf(exit.workerId);
      exits.get(exit.workerId)?.(exit);
    },
    ...options,
  });
  launchers.push(created);
  return created;
}

async function logOf(task: TaskKey): Promise<string> {
  return readFile(taskLogPath(join(dir, 'logs'), task), 'utf8');
}

/** Waits until the task's log has a message ending with `text` (the child is then past its start-up). */
async function untilLogged(task: TaskKey, text: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const log = await logOf(task).catch(() => '');
    if (taskLogMessages(log).some((message) => message.endsWith(text))) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the log of ${task.component} never said "${text}"`);
}

/** The first line of the task's log that starts with `prefix`, once it is there. */
async function lineStartingWith(task: TaskKey, prefix: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const line = (await logOf(task).catch(() => '')).split('\n').find((candidate) => candidate.startsWith(prefix));
    if (line !== undefined) return line;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the log of ${task.component} never had a line starting "${prefix}"`);
}

/** The runner's own lines of a log, parsed (its JSON lines: not the launcher's header, nor Node's warnings). */
async function runnerLines(task: TaskKey): Promise<Record<string, unknown>[]> {
  return (await logOf(task))
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

/** Pids of this process's children whose command line names the worker (the launcher passes its id). */
async function runnersOf(workerId: string): Promise<number[]> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid=,ppid=,args=']);
  return stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => Number(fields[1]) === process.pid && fields.slice(2).includes(workerId))
    .map((fields) => Number(fields[0]));
}

describe('ProcessTaskLauncher', () => {
  it('runs a task in a child process that exits 0, with its output stored and its log written', async () => {
    const { key } = await storeJob(jobs, {
      pass_0: { module: 'PassThrough', parameters: { rows: 2 }, output: { data: ['data'] } },
    });
    const tasks = launcher();
    await tasks.launch({ ...key('pass_0'), cores: 1 }, 'worker-success');

    expect(await tasks.isRunning('worker-success')).toBe(true);
    expect(await exitOf('worker-success')).toEqual({ workerId: 'worker-success', exitCode: 0, reason: 'exit code 0' });
    expect(await tasks.isRunning('worker-success')).toBe(false);
    expect((await jobs.getTask(key('pass_0')))?.partyStatus).toBe('success');
    const stored = await new LocalObjectStore(siteEnv.FATE_FLOW_OBJECTS_DIR ?? '').get(
      `outputs/${key('pass_0').jobId}/pass_0/guest/${GUEST}/v0/data.csv`,
    );
    expect(new TextDecoder().decode(stored)).toBe('id,x0\n0,0\n1,0.1\n');
    expect((await logOf(key('pass_0'))).split('\n')[0]).toMatch(
      /^--- \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z worker worker-success starts pass_0 v0$/,
    );
    const { jobId } = key('pass_0');
    const keys = {
      job: jobId,
      role: 'guest',
      party: GUEST,
      component: 'pass_0',
      task_id: `${jobId}_pass_0`,
      task_version: 0,
    };
    expect((await runnerLines(key('pass_0'))).slice(0, 2)).toEqual([
      {
        level: 'INFO',
        message: 'running PassThrough',
        timestamp: expect.any(String),
        service: 'fate-flow-runner',
        sampling_rate: 0,
        ...keys,
      },
      expect.objectContaining({ level: 'INFO', message: 'wrote data: a generated table of 2 rows', ...keys }),
    ]);
  });

  it('reports the exit code a failing Sleep asks for, after the runner recorded the failure', async () => {
    const { key } = await storeJob(jobs, { sleep_0: { module: 'Sleep', parameters: { fail: true, exit_code: 3 } } });
    await launcher().launch({ ...key('sleep_0'), cores: 1 }, 'worker-fails');

    expect(await exitOf('worker-fails')).toEqual({ workerId: 'worker-fails', exitCode: 3, reason: 'exit code 3' });
    const task = await jobs.getTask(key('sleep_0'));
    expect([task?.partyStatus, task?.errorReport?.split('\n')[0]]).toEqual([
      'failed',
      'ComponentExit: Sleep fails on purpose (fail: true)',
    ]);
  });

  it('writes the task heartbeat while the component runs, as often as FATE_FLOW_HEARTBEAT_MS says', async () => {
    const { key } = await storeJob(jobs, { sleep_0: { module: 'Sleep', parameters: { seconds: 1 } } });
    const launchedAt = Date.now();
    await launcher({ env: { ...siteEnv, FATE_FLOW_HEARTBEAT_MS: '100' } }).launch(
      { ...key('sleep_0'), cores: 1 },
      'worker-beats',
    );

    expect(await exitOf('worker-beats')).toEqual({ workerId: 'worker-beats', exitCode: 0, reason: 'exit code 0' });
    const task = await jobs.getTask(key('sleep_0'));
    expect(task?.partyStatus).toBe('success');
    // The last beat falls within the sleep's final 100 ms interval, well after the launch.
    expect(task?.heartbeatTime).toBeGreaterThan(launchedAt + 1000);
    expect(task?.heartbeatTime).toBeLessThanOrEqual(task?.endTime ?? 0);
  });

  it('stops a sleeping runner with SIGTERM: it exits 143 and writes no status', async () => {
    const { key } = await storeJob(jobs, { sleep_0: { module: 'Sleep', parameters: { seconds: 60 } } });
    const tasks = launcher();
    await tasks.launch({ ...key('sleep_0'), cores: 1 }, 'worker-stopped');
    await untilLogged(key('sleep_0'), 'sleeping 60 s');
    await tasks.stop('worker-stopped', 'job canceled');

    expect(await exitOf('worker-stopped')).toEqual({
      workerId: 'worker-stopped',
      exitCode: 143,
      reason: 'exit code 143 (stopped: job canceled)',
    });
    expect((await jobs.getTask(key('sleep_0')))?.partyStatus).toBe('running');
    expect((await runnerLines(key('sleep_0'))).at(-1)?.message).toBe('stopped');
  });

  it('passes the whole environment contract to the child and reports a kill by SIGTERM', async () => {
    const task: TaskKey = {
      jobId: '202601011200009999901',
      component: 'stand_in_0',
      taskVersion: 4,
      role: 'host',
      partyId: GUEST,
    };
    const tasks = launcher({ runnerEntry: STAND_IN });
    await tasks.launch({ ...task, cores: 2 }, 'worker-plain');
    await untilLogged(task, 'ready');
    await tasks.stop('worker-plain', 'task timeout');

    expect(await exitOf('worker-plain')).toEqual({
      workerId: 'worker-plain',
      exitCode: null,
      reason: 'killed by SIGTERM (stopped: task timeout)',
    });
    const env = (await logOf(task)).split('\n').find((line) => line.startsWith('{'));
    expect(JSON.parse(env ?? '{}')).toEqual({
      FATE_FLOW_COMPONENT: 'stand_in_0',
      FATE_FLOW_DYNAMODB_ENDPOINT: local.endpoint,
      FATE_FLOW_JOB_ID: '202601011200009999901',
      FATE_FLOW_OBJECTS_DIR: join(dir, 'objects'),
      FATE_FLOW_PARTY_ID: String(GUEST),
      FATE_FLOW_ROLE: 'host',
      FATE_FLOW_TABLE: local.tableName,
      FATE_FLOW_TASK_CORES: '2',
      FATE_FLOW_TASK_VERSION: '4',
      FATE_FLOW_TEST_COMPONENTS: 'true',
    });
  });

  it('kills a runner that ignores SIGTERM with SIGKILL after the grace period', async () => {
    const task: TaskKey = {
      jobId: '202601011200009999902',
      component: 'stand_in_0',
      taskVersion: 0,
      role: 'guest',
      partyId: GUEST,
    };
    const tasks = launcher({
      runnerEntry: STAND_IN,
      stopGraceMs: 300,
      env: { ...siteEnv, STAND_IN_MODE: 'ignore-sigterm' },
    });
    await tasks.launch({ ...task, cores: 1 }, 'worker-obstinate');
    await untilLogged(task, 'ready');
    await tasks.stop('worker-obstinate', 'job canceled');
    await untilLogged(task, 'SIGTERM ignored');

    expect(await tasks.isRunning('worker-obstinate')).toBe(true);
    expect(await exitOf('worker-obstinate')).toEqual({
      workerId: 'worker-obstinate',
      exitCode: null,
      reason: 'killed by SIGKILL (stopped: job canceled)',
    });
    expect(await tasks.isRunning('worker-obstinate')).toBe(false);
  });

  it('on close kills every runner without reporting it, and starts no runner after', async () => {
    const task: TaskKey = {
      jobId: '202601011200009999903',
      component: 'stand_in_0',
      taskVersion: 0,
      role: 'guest',
      partyId: GUEST,
    };
    const workersDir = join(dir, 'workers-closed');
    const tasks = launcher({ runnerEntry: STAND_IN, workersDir });
    await tasks.launch({ ...task, cores: 1 }, 'worker-closed');
    await untilLogged(task, 'ready');
    const [runner] = await runnersOf('worker-closed');

    await tasks.close();
    await tasks.launch({ ...task, taskVersion: 1, cores: 1 }, 'worker-after-close');

    expect(await isAlive(runner ?? 0)).toBe(false);
    // Both still count as running: their tasks resume after the restart, so a detector pass racing
    // the shutdown must not fail them as dead.
    expect(await tasks.isRunning('worker-closed')).toBe(true);
    expect(await tasks.isRunning('worker-after-close')).toBe(true);
    expect(
      allExits.filter((exit) => exit.workerId.startsWith('worker-closed') || exit.workerId === 'worker-after-close'),
    ).toEqual([]);
    // The next start of the site learns that the shutdown, not a crash, ended both.
    const next = launcher({ runnerEntry: STAND_IN, workersDir });
    expect(await next.recover()).toEqual({
      interrupted: new Set(['worker-closed', 'worker-after-close']),
      orphansKilled: [],
    });
    expect(await next.recover()).toEqual({ interrupted: new Set(), orphansKilled: [] });
  });

  it('kills the runners a crashed site left running (orphans), checking each pid still runs that worker', async () => {
    const workersDir = join(dir, 'workers-crashed');
    // The crashed site's runner: the same command line a launcher gives it, but no launcher alive to own it.
    const orphan = spawn(process.execPath, ['--import', 'tsx', STAND_IN, 'worker-orphan'], {
      env: { ...process.env, ...siteEnv },
      stdio: 'ignore',
    });
    // A pid the last run recorded that now runs something else (reused): left alone.
    const stranger = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)'], { stdio: 'ignore' });
    const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await Promise.all([once(orphan, 'spawn'), once(stranger, 'spawn'), once(gone, 'exit')]);
    try {
      const files = new WorkerFiles(workersDir);
      await files.started('worker-orphan', orphan.pid ?? 0);
      await files.started('worker-reused', stranger.pid ?? 0);
      await files.started('worker-dead', gone.pid ?? 0);
      const orphanExit = once(orphan, 'exit');

      const next = launcher({ runnerEntry: STAND_IN, workersDir });
      expect(await next.recover()).toEqual({ interrupted: new Set(), orphansKilled: ['worker-orphan'] });

      expect(await orphanExit).toEqual([null, 'SIGKILL']);
      expect(await isAlive(stranger.pid ?? 0)).toBe(true);
      await expect(readdir(workersDir)).resolves.toEqual([]);
    } finally {
      orphan.kill('SIGKILL');
      stranger.kill('SIGKILL');
    }
  });

  it('starts one runner when the same worker is launched twice at once', async () => {
    const task: TaskKey = {
      jobId: '202601011200009999905',
      component: 'stand_in_0',
      taskVersion: 0,
      role: 'guest',
      partyId: GUEST,
    };
    const tasks = launcher({ runnerEntry: STAND_IN });
    await Promise.all([
      tasks.launch({ ...task, cores: 1 }, 'worker-twice'),
      tasks.launch({ ...task, cores: 1 }, 'worker-twice'),
    ]);

    expect(await runnersOf('worker-twice')).toHaveLength(1);
    await tasks.stop('worker-twice', 'test over');
    expect(await exitOf('worker-twice')).toEqual({
      workerId: 'worker-twice',
      exitCode: null,
      reason: 'killed by SIGTERM (stopped: test over)',
    });
  });

  it("certifies a runner's own key over its IPC channel, for the task the process was launched for", async () => {
    const site = generateSigningKey();
    const delegations = new DynamoDelegationStore(local.client, local.tableName);
    const { key } = await storeJob(jobs, { stand_in_0: { module: 'Sleep' } });
    const task = key('stand_in_0');
    const tasks = launcher({
      runnerEntry: STAND_IN,
      env: { ...siteEnv, FATE_FLOW_DELEGATION_CHANNEL: 'ipc', STAND_IN_MODE: 'delegate' },
      launchEnv: async (launched, workerId) => ({
        FATE_FLOW_DELEGATION_TICKET: await issueDelegationTicket(delegations, launched, workerId, Date.now),
      }),
      delegate: (launched, request) =>
        delegateTask(
          { partyId: GUEST, jobs, delegations, signingKeys: async () => [site.secretKey], clock: Date.now },
          { ...request, task: launched },
        ),
    });
    // storeJob marked the task running as this worker, as the launching service does.
    await tasks.launch({ ...task, cores: 1 }, 'worker-stand_in_0');
    await untilLogged(task, 'ready');
    const line = await lineStartingWith(task, 'certificate ');

    const read = readDelegation({
      certificate: line.slice('certificate '.length),
      publicKeys: [site.publicKey],
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    // Over the key the runner made (the one its first request bound), for exactly its task.
    const bound = (await delegations.getDelegation(task))?.publicKey;
    expect(bound).toMatch(/^whpk_/);
    expect(read).toEqual({
      ok: true,
      claims: { ...task, publicKey: bound, issuedAt: expect.any(Number), notAfter: expect.any(Number) },
    });
  });

  it('answers a runner with a wrong ticket with the refusal, and binds no key', async () => {
    const site = generateSigningKey();
    const delegations = new DynamoDelegationStore(local.client, local.tableName);
    const { key } = await storeJob(jobs, { stand_in_0: { module: 'Sleep' } });
    const task = key('stand_in_0');
    const tasks = launcher({
      runnerEntry: STAND_IN,
      env: { ...siteEnv, FATE_FLOW_DELEGATION_CHANNEL: 'ipc', STAND_IN_MODE: 'delegate-wrong-ticket' },
      launchEnv: async (launched, workerId) => ({
        FATE_FLOW_DELEGATION_TICKET: await issueDelegationTicket(delegations, launched, workerId, Date.now),
      }),
      delegate: (launched, request) =>
        delegateTask(
          { partyId: GUEST, jobs, delegations, signingKeys: async () => [site.secretKey], clock: Date.now },
          { ...request, task: launched },
        ),
    });
    await tasks.launch({ ...task, cores: 1 }, 'worker-stand_in_0');

    expect(await lineStartingWith(task, 'refused ')).toMatch(/the ticket is not the one its launch was given$/);
    expect((await delegations.getDelegation(task))?.publicKey).toBeUndefined();
  });

  it('starts no runner when its ticket cannot be issued, failing the launch with the reason', async () => {
    const { key } = await storeJob(jobs, { stand_in_0: { module: 'Sleep' } });
    const task = key('stand_in_0');
    const tasks = launcher({
      runnerEntry: STAND_IN,
      launchEnv: async () => {
        throw new Error('delegation store unavailable');
      },
    });
    await expect(tasks.launch({ ...task, cores: 1 }, 'worker-no-ticket')).rejects.toThrow(
      'delegation store unavailable',
    );
    expect(await tasks.isRunning('worker-no-ticket')).toBe(false);
  });

  it('leaves a stop of an ended worker harmless', async () => {
    await launcher().stop('never-launched', 'job canceled');
    expect(await launcher().isRunning('never-launched')).toBe(false);
  });

  it('ends a runner that misses a variable at once, naming it in the log', async () => {
    const { FATE_FLOW_TABLE, ...withoutTable } = siteEnv;
    const task: TaskKey = {
      jobId: '202601011200009999904',
      component: 'pass_0',
      taskVersion: 0,
      role: 'guest',
      partyId: GUEST,
    };
    await launcher({ env: withoutTable }).launch({ ...task, cores: 1 }, 'worker-misconfigured');

    expect(await exitOf('worker-misconfigured')).toEqual({
      workerId: 'worker-misconfigured',
      exitCode: 1,
      reason: 'exit code 1',
    });
    expect(taskLogMessages(await logOf(task))).toContain(
      'the runner cannot start: RunnerEnvError: FATE_FLOW_TABLE is not set',
    );
  });
});
