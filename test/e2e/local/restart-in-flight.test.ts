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
  jobOfRunner,
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
/** Jobs in flight at each stop: some at work, some waiting their turn, some failing, ending in two waves. */
const JOBS = 8;
/** Each job holds one core at each site: four of the eight run at once, the others wait their turn. */
const CORES = 4;
const SLEEP_SECONDS = 3;
/** Far longer than a restart: the crash victim's runner is still alive when the federation starts again. */
const VICTIM_SECONDS = 60;

type Kind = 'guest sleeps' | 'host sleeps' | 'fails' | 'crash victim';

/** The i-th of the jobs: every fifth fails at the guest, the others sleep at one party. */
const kindOf = (index: number): Kind => (index % 5 === 4 ? 'fails' : index % 2 === 0 ? 'guest sleeps' : 'host sleeps');
const expectedStatus = (kind: Kind) => (kind === 'fails' || kind === 'crash victim' ? 'failed' : 'success');

/**
 * Cheap jobs (guest 9999, host 10000, no arbiter): wait_0 sleeps at one party and passes at the
 * other, then after_0 passes everywhere (a second stage the resumed workflow must reach); or bad_0
 * fails at the guest; or, without a retry, long_0 sleeps a minute at the guest.
 */
function jobFor(kind: Kind, autoRetries: number) {
  if (kind === 'crash victim') {
    return jobOf({
      arbiter: false,
      components: { long_0: component('Sleep') },
      jobParameters: { auto_retries: 0 },
      parameters: { long_0: { seconds: VICTIM_SECONDS } },
      roleParameters: { host: { '0': { long_0: { need_run: false } } } },
    });
  }
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
  readonly jobs: ReadonlyArray<{ readonly jobId: string; readonly kind: Kind }>;
  /** The federation process and its task runners (pid → job) when the test stopped it. */
  readonly stopped: { readonly pid: number; readonly runners: ReadonlyMap<number, string> };
  readonly restarted: FederationState;
}

/** The federation both restarts act on, one after the other: `flow local up` in a temp folder. */
let dir: string;
let running: FederationState | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fate-flow-restart-'));
  const sites = PARTIES.map((party_id) => ({ party_id, cores: CORES }));
  // Its jobs are Sleep and PassThrough: the config opts the sites into the test components.
  await writeFile(join(dir, 'federation.json'), JSON.stringify({ data_dir: 'data', sites, test_components: true }));
  running = await localUp(dir);
}, 90_000);
afterAll(async () => {
  await flowCli(dir, 'local', 'down', '-c', 'federation.json').catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
}, 30_000);

/**
 * JOBS jobs submitted at the guest (the first a crash victim when asked) to the running
 * federation; once the first ones' tasks are at work, `stop` ends the federation process (kill -9,
 * or `flow local down`), and `flow local up` starts it again.
 */
async function restartWithJobsInFlight(
  options: { readonly autoRetries: number; readonly victim: boolean },
  stop: (pid: number) => Promise<void>,
): Promise<InFlight> {
  if (running === undefined) throw new Error('the federation is not running');
  const state = running;
  const guest = siteClient(state, GUEST);
  const submit = async (kind: Kind) => {
    const { dsl, conf } = jobFor(kind, options.autoRetries);
    const submitted = ok(await guest.post('/v1/job/submit', { job_dsl: dsl, job_runtime_conf: conf }), 'submit');
    return { jobId: String(submitted.jobId), kind };
  };
  // The victim first, so that it is among the first jobs the scheduler starts; the others at once.
  const first = options.victim ? [await submit('crash victim')] : [];
  const kinds = Array.from({ length: JOBS - first.length }, (_, index) => kindOf(index + first.length));
  const jobs = [...first, ...(await Promise.all(kinds.map(submit)))];
  const dataDir = join(dir, 'data');
  // These jobs' own logs: an earlier restart's jobs logged the same lines.
  const ids = jobs.map((job) => job.jobId);
  const logged = async () => (await Promise.all(PARTIES.map((party) => taskLogLines(dataDir, party, ids)))).flat();
  const atWork = async () => {
    const lines = await logged();
    const sleeping = lines.filter((line) => line.endsWith(`sleeping ${SLEEP_SECONDS} s`)).length;
    const victim = lines.some((line) => line.endsWith(`sleeping ${VICTIM_SECONDS} s`));
    return sleeping >= CORES - 1 && (victim || !options.victim) ? true : undefined;
  };
  await waitFor(atWork, 60_000, async () => `not at work: ${(await logged()).filter((l) => l.includes('sleeping'))}`);
  const runners = new Map<number, string>();
  for (const pid of await runnersOf(state.pid)) runners.set(pid, await jobOfRunner(pid));
  running = undefined;
  await stop(state.pid);
  running = await localUp(dir);
  return { jobs, stopped: { pid: state.pid, runners }, restarted: running };
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

/** Waits until every pool has all its cores back and holds no grant; and no runner is left. */
async function expectResourcesReturned(state: FederationState): Promise<void> {
  const free = PARTIES.map((party) => `${party} ${CORES}/${CORES} 0`);
  await waitFor(
    async () => (JSON.stringify(await pools(state)) === JSON.stringify(free) ? true : undefined),
    15_000,
    async () => JSON.stringify(await pools(state)),
  );
  expect(await pools(state)).toEqual(free);
  expect(await runnersOf(state.pid)).toEqual([]);
}

function expectRightStatuses(run: InFlight | undefined, ended: ReadonlyMap<string, readonly string[]>): void {
  for (const { jobId, kind } of run?.jobs ?? []) {
    const status = expectedStatus(kind);
    expect([jobId, kind, ended.get(jobId)]).toEqual([jobId, kind, [`${GUEST} ${status}`, `${HOST} ${status}`]]);
  }
}

describe('kill -9 of the federation with eight jobs in flight, then flow local up', () => {
  let run: InFlight | undefined;
  let ended: Map<string, string[]>;

  beforeAll(async () => {
    run = await restartWithJobsInFlight({ autoRetries: 1, victim: true }, async (pid) => {
      process.kill(pid, 'SIGKILL');
      await waitFor(
        async () => (isAlive(pid) ? undefined : true),
        5_000,
        () => `${pid} still alive`,
      );
    });
    ended = await waitForAllEnded(run, 90_000);
  }, 180_000);

  // kill -9 of the federation's process does not kill its children: they are orphaned, and the
  // crash victim's runner would sleep on for a minute. The federation kills it as it starts again.
  it('kills the runners the dead process left behind when the federation starts again', async () => {
    const victim = run?.jobs.find((job) => job.kind === 'crash victim')?.jobId;
    const orphans = [...(run?.stopped.runners ?? new Map<number, string>()).entries()];
    expect(orphans.filter(([, jobId]) => jobId === victim)).toHaveLength(1);
    expect(await anyAlive(orphans.map(([pid]) => pid))).toBe(false);
  });

  // A task whose worker died with the site is failed once, as FATE's detector fails a dead
  // executor ("task executor process abort"); the sleeping jobs' one auto-retry runs it again,
  // the crash victim has none and fails.
  it('ends every job with its right status at every party', () => {
    expectRightStatuses(run, ended);
  });

  it('failed the tasks the crash killed as dead executors, and none as interrupted', async () => {
    const victim = run?.jobs.find((job) => job.kind === 'crash victim')?.jobId ?? '';
    const guest = siteClient(run?.restarted as FederationState, GUEST);
    const tasks = ok(await guest.post('/v1/job/task/query', { job_id: victim }), 'task query').data as Array<{
      f_role: string;
      f_party_status: string;
      f_error_report: string;
    }>;
    expect(tasks.map((t) => [t.f_role, t.f_party_status, t.f_error_report]).sort()).toEqual([
      ['guest', 'failed', `task executor process abort: its worker is gone (party ${GUEST} restarted)`],
      ['host', 'pass', ''],
    ]);
    const reports = await errorReports(run as InFlight);
    expect(reports.filter((report) => report.startsWith('interrupted:'))).toEqual([]);
  });

  it('returns every core at every site', async () => {
    await expectResourcesReturned(run?.restarted as FederationState);
  });
});

// On the federation the kill -9 above left running again: a second restart of the same data.
describe('flow local down and up with eight jobs in flight', () => {
  let run: InFlight | undefined;
  let ended: Map<string, string[]>;

  beforeAll(async () => {
    run = await restartWithJobsInFlight({ autoRetries: 0, victim: false }, async () => {
      const down = await flowCli(dir, 'local', 'down', '-c', 'federation.json');
      if (down.retmsg !== 'stopped') throw new Error(`flow local down: ${down.retmsg}`);
    });
    ended = await waitForAllEnded(run, 90_000);
  }, 180_000);

  it('stops every runner on the way down', async () => {
    const runners = [...(run?.stopped.runners.keys() ?? [])];
    expect(runners.length).toBeGreaterThan(0);
    expect(await anyAlive(runners)).toBe(false);
  });

  // The shutdown spends no retry: the sleeping jobs have none (auto_retries 0) and still succeed.
  it('ends every job with its right status at every party', () => {
    expectRightStatuses(run, ended);
  });

  it('ran the interrupted tasks again, and failed none as a dead executor', async () => {
    const reports = await errorReports(run as InFlight);
    expect(reports.some((report) => /^interrupted: party \d+ shut down while the task ran$/.test(report))).toBe(true);
    expect(reports.filter((report) => report.startsWith('task executor process abort'))).toEqual([]);
  });

  it('returns every core at every site', async () => {
    await expectResourcesReturned(run?.restarted as FederationState);
  });
});
