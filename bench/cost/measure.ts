import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlowClient } from '../../client/flow-client.js';
import { detect } from '../../functions/services/detector/detect.js';
import { scheduleWaitingJobs } from '../../functions/services/scheduling/schedule-waiting-jobs.js';
import { parseFederationConfig } from '../../local/federation/federation-config.js';
import { type LocalFederation, startLocalFederation } from '../../local/federation/local-federation.js';
import { diffCounts, type MeterCounts } from '../../local/metering/meter-counts.js';
import { SiteMeter } from '../../local/metering/site-meter.js';
import { LocalOrchestrator } from '../../local/workflow/local-orchestrator.js';

export const GUEST = 9999;
export const HOST = 10000;
const TOKEN = 'cost-bench-token-0123456789';
const JOB_DIR = fileURLToPath(new URL('../../examples/cost-5-components/', import.meta.url));
/** 5 components at guest, host and arbiter. */
const TASKS_PER_JOB = 15;

export interface Measurement {
  /** Per site (party id), one scheduler + one detector invocation on a site that has never had a job. */
  readonly idleSweeps: ReadonlyMap<number, MeterCounts[]>;
  /** Per site, each measured job's counts there. */
  readonly jobs: ReadonlyMap<number, MeterCounts[]>;
  /** Per site, the first sweep after the jobs (it re-sends their ends once) and a steady one. */
  readonly sweepsAfterJobs: ReadonlyMap<number, { first: MeterCounts; steady: MeterCounts }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The two sites of `npm start` (guest 9999; host + arbiter 10000), each with a meter, and no
 * timer sweeps (they are the idle cost, measured on their own): a job's counts are only what the
 * job causes, through events, as in AWS.
 */
export async function measure(runs: number, sweeps: number): Promise<Measurement> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fate-flow-cost-'));
  const meters = new Map([GUEST, HOST].map((party) => [party, new SiteMeter()] as const));
  const federation = await startLocalFederation(parseFederationConfig({ test_components: true }), {
    dataDir,
    persistent: false,
    auth: { mode: 'credentials', bearerTokens: [TOKEN], appKeys: {} },
    loops: { scheduleEveryMs: 24 * 3_600_000, detectEveryMs: 24 * 3_600_000 },
    meters,
  });
  try {
    const idleSweeps = new Map<number, MeterCounts[]>();
    for (const [party, meter] of meters) {
      const counts: MeterCounts[] = [];
      for (let i = 0; i < sweeps; i += 1) counts.push(await sweep(federation, party, meter));
      idleSweeps.set(party, counts);
    }
    const [dsl, conf] = await Promise.all(
      ['dsl.json', 'conf.json'].map(async (file) => JSON.parse(await readFile(join(JOB_DIR, file), 'utf8')) as unknown),
    );
    const jobs = new Map<number, MeterCounts[]>([...meters.keys()].map((party) => [party, []]));
    // The first job warms up module loading and TLS sessions; it is not counted.
    for (let run = 0; run <= runs; run += 1) {
      const before = new Map([...meters].map(([party, meter]) => [party, meter.snapshot()]));
      await runJob(federation, meters, dsl, conf);
      if (run === 0) continue;
      for (const [party, meter] of meters) {
        jobs.get(party)?.push(diffCounts(meter.snapshot(), before.get(party) ?? meter.snapshot()));
      }
    }
    const sweepsAfterJobs = new Map<number, { first: MeterCounts; steady: MeterCounts }>();
    for (const [party, meter] of meters) {
      const first = await sweep(federation, party, meter);
      await quiet(meters);
      sweepsAfterJobs.set(party, { first, steady: await sweep(federation, party, meter) });
    }
    return { idleSweeps, jobs, sweepsAfterJobs };
  } finally {
    await federation.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** What the two 1-minute rules invoke: one scheduler pass, one detector pass. */
async function sweep(federation: LocalFederation, party: number, meter: SiteMeter): Promise<MeterCounts> {
  const services = federation.site(party).services;
  const before = meter.snapshot();
  await meter.invoke('scheduler', () => scheduleWaitingJobs(services));
  await meter.invoke('detector', () => detect(services));
  return diffCounts(meter.snapshot(), before);
}

/**
 * One job, as a user runs it: a submit, then — once the workflow has ended and every task has
 * exited — one `job query` for its status. Waiting is done on the local runtime, not through the
 * API, so that no polling is counted.
 */
async function runJob(
  federation: LocalFederation,
  meters: ReadonlyMap<number, SiteMeter>,
  dsl: unknown,
  conf: unknown,
): Promise<void> {
  const guest = new FlowClient({ url: federation.site(GUEST).apiUrl, token: TOKEN });
  const tasksBefore = taskCount(meters);
  const submitted = await guest.post('/v1/job/submit', { job_dsl: dsl, job_runtime_conf: conf });
  if (submitted.retcode !== 0) throw new Error(`submit refused: ${submitted.retmsg}`);
  const jobId = String(submitted.jobId);
  const orchestrator = federation.site(GUEST).services.orchestrator;
  if (!(orchestrator instanceof LocalOrchestrator)) throw new Error('the guest site runs no local orchestrator');
  for (let waited = 0; ; waited += 50) {
    if (waited > 120_000) throw new Error(`job ${jobId} did not start its workflow`);
    try {
      const outcome = await orchestrator.executionResult(jobId);
      if (outcome !== 'succeeded') throw new Error(`job ${jobId}: workflow ${outcome}`);
      break;
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('no execution')) throw error;
      await sleep(50);
    }
  }
  while (taskCount(meters) < tasksBefore + TASKS_PER_JOB) await sleep(50);
  await quiet(meters);
  const rows = ((await guest.post('/v1/job/query', { job_id: jobId })).data ?? []) as Array<{ f_status: string }>;
  if (rows[0]?.f_status !== 'success') throw new Error(`job ${jobId} ended ${rows[0]?.f_status}`);
  await quiet(meters);
}

function taskCount(meters: ReadonlyMap<number, SiteMeter>): number {
  return [...meters.values()].reduce((sum, meter) => sum + meter.snapshot().tasks.length, 0);
}

/** Until no meter has moved for a second: the events a job's end sets off have all run. */
async function quiet(meters: ReadonlyMap<number, SiteMeter>): Promise<void> {
  const state = () => JSON.stringify([...meters.values()].map((meter) => meter.snapshot()));
  let last = state();
  let stableSince = Date.now();
  while (Date.now() - stableSince < 1000) {
    await sleep(100);
    const now = state();
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    }
  }
}
