import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isAlive } from '../../../local/federation/federation-state.js';
import { component, jobOf } from '../orchestration/support.js';
import {
  anyAlive,
  type FederationState,
  flowCli,
  localUp,
  ok,
  runnersOf,
  siteClient,
  taskLogLines,
  waitFor,
} from './support/cli-federation.js';

const GUEST = 9999;
const HOST = 10000;
const PARTIES = [GUEST, HOST] as const;
/** Each job holds one core at each site: six of the twenty run at once, the others wait their turn. */
const CORES = 6;
const TOKEN = 'restart-in-flight-token-0123456789';
const SLEEP_SECONDS = 3;

type Kind = 'guest sleeps' | 'host sleeps' | 'fails';

/** The i-th of the twenty jobs: every fifth fails at the guest, the others sleep at one party. */
const kindOf = (index: number): Kind => (index % 5 === 4 ? 'fails' : index % 2 === 0 ? 'guest sleeps' : 'host sleeps');
const expectedStatus = (kind: Kind) => (kind === 'fails' ? 'failed' : 'success');

/**
 * Cheap jobs (guest 9999, host 10000, no arbiter): wait_0 sleeps at one party and passes at the
 * other, then after_0 passes everywhere (a second stage the resumed workflow must reach); or bad_0
 * fails at the guest.
 */
function jobFor(kind: Kind, autoRetries: number) {
  if (kind === 'fails') {
    return jobOf({
      arbiter: false,
      components: { bad_0: component('Sleep') },
      jobParameters: { auto_retries: 0 },
      roleParameters: { guest: { '0': { bad_0: { fail: true } } }, host: { '0': { bad_0: { need_run: false } } } },
    });
  }
  const idle = kind === 'guest sleeps' ? 'host' : 'guest';
  return jobOf({
    arbiter: false,
    components: { wait_0: component('Sleep'), after_0: component('PassThrough', { data: ['wait_0.data'] }) },
    jobParameters: { auto_retries: autoRetries },
    parameters: { wait_0: { seconds: SLEEP_SECONDS }, after_0: { need_run: false } },
    roleParameters: { [idle]: { '0': { wait_0: { need_run: false } } } },
  });
}

interface InFlight {
  readonly dir: string;
  readonly jobs: ReadonlyArray<{ readonly jobId: string; readonly kind: Kind }>;
  /** The federation process and its task runners when the test stopped it. */
  readonly stopped: { readonly pid: number; readonly runners: readonly number[] };
  readonly restarted: FederationState;
}

/**
 * Twenty jobs submitted at the guest; once the first ones' tasks are at work, `stop` ends the
 * federation process (kill -9, or `flow local down`), and `flow local up` starts it again.
 */
async function restartWithJobsInFlight(autoRetries: number, stop: (dir: string, pid: number) => Promise<void>) {
  const dir = await mkdtemp(join(tmpdir(), 'fate-flow-restart-'));
  const sites = PARTIES.map((party_id) => ({ party_id, cores: CORES }));
  await writeFile(join(dir, 'federation.json'), JSON.stringify({ data_dir: 'data', token: TOKEN, sites }));
  const state = await localUp(dir);
  const guest = siteClient(state, GUEST);
  const jobs: Array<{ jobId: string; kind: Kind }> = [];
  for (let index = 0; index < 20; index += 1) {
    const kind = kindOf(index);
    const { dsl, conf } = jobFor(kind, autoRetries);
    const submitted = ok(await guest.post('/v1/job/submit', { job_dsl: dsl, job_runtime_conf: conf }), 'submit');
    jobs.push({ jobId: String(submitted.jobId), kind });
  }
  const dataDir = join(dir, 'data');
  const atWork = async () =>
    (await Promise.all(PARTIES.map((party) => taskLogLines(dataDir, party))))
      .flat()
      .filter((line) => line.endsWith(`sleeping ${SLEEP_SECONDS} s`)).length;
  await waitFor(
    async () => ((await atWork()) >= 4 ? true : undefined),
    60_000,
    async () => `${await atWork()} at work`,
  );
  const runners = await runnersOf(state.pid);
  await stop(dir, state.pid);
  const restarted = await localUp(dir);
  return { dir, jobs, stopped: { pid: state.pid, runners }, restarted } satisfies InFlight;
}

/** `<party> <status>` of a job, each party's own record. */
async function statusesOf(state: FederationState, jobId: string): Promise<string[]> {
  return Promise.all(
    PARTIES.map(async (party) => {
      const rows = ok(await siteClient(state, party).post('/v1/job/query', { job_id: jobId }), 'job query')
        .data as Array<{ f_status: string }>;
      return `${party} ${rows.map((row) => row.f_status).join(',')}`;
    }),
  );
}

const FINAL = new Set(['success', 'failed', 'canceled', 'timeout']);

/** Waits until every job has ended at every party; their statuses by job. */
async function waitForAllEnded(run: InFlight, timeoutMs: number): Promise<Map<string, string[]>> {
  let last = new Map<string, string[]>();
  return waitFor(
    async () => {
      last = new Map(
        await Promise.all(run.jobs.map(async ({ jobId }) => [jobId, await statusesOf(run.restarted, jobId)] as const)),
      );
      const ended = [...last.values()].every((lines) => lines.every((line) => FINAL.has(line.split(' ')[1] ?? '')));
      return ended ? last : undefined;
    },
    timeoutMs,
    () =>
      `not every job ended: ${JSON.stringify([...last.entries()].filter(([, l]) => l.some((x) => !/(success|failed)$/.test(x))))}`,
    1_000,
  );
}

/** Every site's pool: `<party> <remaining>/<total> <grants held>`. */
async function pools(state: FederationState): Promise<string[]> {
  return Promise.all(
    PARTIES.map(async (party) => {
      const data = ok(await siteClient(state, party).post('/v1/resource/query', {}), 'resource query').data as {
        computing_engine_resource: { f_cores: number; f_remaining_cores: number };
        use_resource_job: unknown[];
      };
      const { f_cores: cores, f_remaining_cores: remaining } = data.computing_engine_resource;
      return `${party} ${remaining}/${cores} ${data.use_resource_job.length}`;
    }),
  );
}

/** The error reports of every task of the jobs, as the initiator holds them. */
async function errorReports(run: InFlight): Promise<string[]> {
  const guest = siteClient(run.restarted, GUEST);
  const rows = await Promise.all(
    run.jobs.map(async ({ jobId }) => ok(await guest.post('/v1/job/task/query', { job_id: jobId }), 'task query').data),
  );
  return (rows.flat() as Array<{ f_error_report: string }>).map((row) => row.f_error_report).filter((e) => e !== '');
}

async function tearDown(run: InFlight | undefined): Promise<void> {
  if (run === undefined) return;
  await flowCli(run.dir, 'local', 'down', '-c', 'federation.json').catch(() => undefined);
  await rm(run.dir, { recursive: true, force: true });
}

describe('kill -9 of the federation with twenty jobs in flight, then flow local up', () => {
  let run: InFlight | undefined;
  let ended: Map<string, string[]>;

  beforeAll(async () => {
    run = await restartWithJobsInFlight(1, async (_dir, pid) => {
      process.kill(pid, 'SIGKILL');
      await waitFor(
        async () => (isAlive(pid) ? undefined : true),
        5_000,
        () => `${pid} still alive`,
      );
    });
    ended = await waitForAllEnded(run, 90_000);
  }, 180_000);
  afterAll(() => tearDown(run), 30_000);

  it('kills the runners the dead process left behind when the federation starts again', async () => {
    expect(run?.stopped.runners.length).toBeGreaterThan(0);
    expect(await anyAlive(run?.stopped.runners ?? [])).toBe(false);
  });

  // A task whose worker died with the site is failed once, as FATE's detector fails a dead
  // executor ("task executor process abort"), and the job's one auto-retry runs it again.
  it('ends every job with its right status at every party', () => {
    for (const { jobId, kind } of run?.jobs ?? []) {
      const status = expectedStatus(kind);
      expect([jobId, ended.get(jobId)]).toEqual([jobId, [`${GUEST} ${status}`, `${HOST} ${status}`]]);
    }
  });

  it('failed the tasks the crash killed as dead executors, and none as interrupted', async () => {
    const reports = await errorReports(run as InFlight);
    expect(
      reports.some((report) =>
        /^task executor process abort: its worker is gone \(party \d+ restarted\)$/.test(report),
      ),
    ).toBe(true);
    expect(reports.filter((report) => report.startsWith('interrupted:'))).toEqual([]);
  });

  it('returns every core at every site', async () => {
    const state = run?.restarted as FederationState;
    await waitFor(
      async () => ((await pools(state)).every((p) => p.endsWith(`${CORES}/${CORES} 0`)) ? true : undefined),
      15_000,
      async () => JSON.stringify(await pools(state)),
    );
    expect(await pools(state)).toEqual([`${GUEST} ${CORES}/${CORES} 0`, `${HOST} ${CORES}/${CORES} 0`]);
    expect(await runnersOf(state.pid)).toEqual([]);
  });
});

describe('flow local down and up with twenty jobs in flight', () => {
  let run: InFlight | undefined;
  let ended: Map<string, string[]>;

  beforeAll(async () => {
    run = await restartWithJobsInFlight(0, async (dir) => {
      const down = await flowCli(dir, 'local', 'down', '-c', 'federation.json');
      if (down.retmsg !== 'stopped') throw new Error(`flow local down: ${down.retmsg}`);
    });
    ended = await waitForAllEnded(run, 90_000);
  }, 180_000);
  afterAll(() => tearDown(run), 30_000);

  it('stops every runner on the way down', async () => {
    expect(run?.stopped.runners.length).toBeGreaterThan(0);
    expect(await anyAlive(run?.stopped.runners ?? [])).toBe(false);
  });

  // The shutdown spends no retry: the sleeping jobs have none (auto_retries 0) and still succeed.
  it('ends every job with its right status at every party', () => {
    for (const { jobId, kind } of run?.jobs ?? []) {
      const status = expectedStatus(kind);
      expect([jobId, ended.get(jobId)]).toEqual([jobId, [`${GUEST} ${status}`, `${HOST} ${status}`]]);
    }
  });

  it('ran the interrupted tasks again, none failed as a dead executor', async () => {
    const reports = await errorReports(run as InFlight);
    expect(reports.some((report) => /^interrupted: party \d+ shut down while the task ran$/.test(report))).toBe(true);
    expect(reports.filter((report) => report.startsWith('task executor process abort'))).toEqual([]);
  });

  it('returns every core at every site', async () => {
    const state = run?.restarted as FederationState;
    await waitFor(
      async () => ((await pools(state)).every((p) => p.endsWith(`${CORES}/${CORES} 0`)) ? true : undefined),
      15_000,
      async () => JSON.stringify(await pools(state)),
    );
    expect(await pools(state)).toEqual([`${GUEST} ${CORES}/${CORES} 0`, `${HOST} ${CORES}/${CORES} 0`]);
    expect(await runnersOf(state.pid)).toEqual([]);
  });
});
