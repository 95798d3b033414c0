import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlowClient } from '../../client/flow-client.js';
import { boardJobUrl } from '../../functions/services/site-links.js';
import { boardUrl, localBoardUrl } from '../board/board-url.js';
import { type FederationConfig, parseFederationConfig, readFederationConfig } from '../federation/federation-config.js';
import { startLocalFederation } from '../federation/local-federation.js';
import { localSiteAuth } from '../federation/site-auth.js';
import { lastLoss } from './demo-loss.js';
import { evaluationSummary } from './demo-metrics.js';
import { uploadDemoTables } from './demo-uploads.js';

interface TaskRow {
  f_component_name: string;
  f_task_version: number;
  f_role: string;
  f_party_id: string;
  f_party_status: string;
  f_elapsed: number | null;
  f_error_report: string;
}
interface JobRow {
  f_status: string;
  f_progress: number;
  f_elapsed: number | null;
  f_start_time: number | null;
  f_end_time: number | null;
  f_create_time: number;
}

const FINAL = new Set(['success', 'failed', 'canceled', 'timeout']);
/** How long the demo watches its job: the hetero-LR job takes a minute or two on a small machine. */
const DEMO_LIMIT_MS = 10 * 60_000;
/** How often a running component's loss is read. */
const LOSS_EVERY_MS = 1000;
/**
 * How often the job and its tasks are read. Each read is two API calls and their store queries on a
 * site that shares the machine's cores with the job's own tasks: at 100 ms they cost the hetero-LR
 * demo ≈ 20 calls a second for nothing the job needs. The job's duration comes from its record
 * (created → ended), so a slower watch does not lengthen what the demo reports.
 */
const WATCH_EVERY_MS = 250;

type RolesConf = Parameters<typeof uploadDemoTables>[1];

export interface DemoResult {
  readonly succeeded: boolean;
  /** From the job's creation at the guest (its submit) to its end there, by the job's record. */
  readonly fromSubmitMs?: number;
  /** The Evaluation components' single-value metrics, one line each (see demo-metrics.ts). */
  readonly evaluation: readonly string[];
}

/** The demo's job at its live federation: a client of each site, and each site's API URL and token. */
export interface DemoJob {
  readonly jobId: string;
  readonly clientOf: (partyId: number) => FlowClient;
  readonly siteOf: (partyId: number) => { readonly apiUrl: string; readonly token: string };
  /** The job's page on the guest's board. */
  readonly jobPageUrl: string;
}

/** What a caller may do with the federation once the job ended, before it stops (a test's next steps). */
export type AfterJob = (job: DemoJob) => Promise<void>;

/**
 * What a caller does while the job runs (a browser watching its DAG turn green): started right
 * after the submit, beside the demo's own watching, and awaited before `afterJob`.
 */
export type OnSubmitted = (job: DemoJob) => Promise<void>;

export interface DemoOptions {
  /**
   * How often the job's tasks and status are read while it runs (default 250 ms, WATCH_EVERY_MS, for the terminal's
   * live lines). A test that reads only the job's end can look less often: in a local federation
   * every look costs CPU in the sites' process (HTTP, the store) that the job's runners then lack.
   */
  readonly watchEveryMs?: number;
  /**
   * Look at the job's status alone, not at its tasks and losses: for a caller that prints nothing
   * (a benchmark). The task list (each task's parameters and status history) and the loss points
   * are the largest reads of a look, and the sites' process serves them on the job's two cores.
   */
  readonly statusOnly?: boolean;
}

const NOT_RUN: DemoResult = { succeeded: false, evaluation: [] };
type DslComponents = Parameters<typeof evaluationSummary>[3];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The federation a job folder asks for in its `federation.json` (the scheduling demo opts into the
 * test components there), or the default one: guest 9999, host and arbiter 10000, FATE's components.
 */
async function demoFederationConfig(jobDir: string): Promise<FederationConfig> {
  const path = join(jobDir, 'federation.json');
  const exists = await access(path).then(
    () => true,
    () => false,
  );
  return exists ? readFederationConfig(path) : parseFederationConfig({});
}

/**
 * `npm start`: a two-site federation on this machine (guest 9999; host and arbiter 10000), each
 * site with its own store, HTTP API and HTTPS federation endpoint; uploads the job's tables at their
 * parties (`upload-<role>.json` beside the job), submits the job at the guest and prints every
 * task's status at every party as it changes, then the job's end, timings and evaluation metrics.
 */
export async function runDemo(
  jobDir: string,
  log: (line: string) => void,
  afterJob?: AfterJob,
  onSubmitted?: OnSubmitted,
  options: DemoOptions = {},
): Promise<DemoResult> {
  const watchEveryMs = options.watchEveryMs ?? WATCH_EVERY_MS;
  const dataDir = await mkdtemp(join(tmpdir(), 'fate-flow-demo-'));
  const config = await demoFederationConfig(jobDir);
  // Each site its own token, as `flow local up` gives them (kept in the temporary folder).
  const { tokenOf, auth } = await localSiteAuth(config, dataDir);
  const federation = await startLocalFederation(config, {
    dataDir,
    persistent: false,
    auth,
  });
  try {
    for (const site of federation.sites) {
      log(`party ${site.partyId}: API ${site.apiUrl}, federation ${site.federationUrl}`);
      log(`party ${site.partyId}: board ${boardUrl(site.apiUrl, { token: tokenOf(site.partyId) })}`);
    }
    const siteOf = (partyId: number) => ({ apiUrl: federation.site(partyId).apiUrl, token: tokenOf(partyId) });
    const clientOf = (partyId: number) =>
      new FlowClient({ url: federation.site(partyId).apiUrl, token: tokenOf(partyId) });
    const guest = clientOf(9999);
    const [dsl, conf] = await Promise.all(
      ['dsl.json', 'conf.json'].map(async (file) => JSON.parse(await readFile(join(jobDir, file), 'utf8')) as unknown),
    );
    if (!(await uploadDemoTables(jobDir, conf as RolesConf, clientOf, log))) return NOT_RUN;
    const submitted = await guest.post('/v1/job/submit', { job_dsl: dsl, job_runtime_conf: conf });
    if (submitted.retcode !== 0) {
      log(`submit refused: ${submitted.retmsg}`);
      return NOT_RUN;
    }
    const jobId = String(submitted.jobId);
    const jobPageUrl = boardJobUrl(localBoardUrl(federation.site(9999).apiUrl), jobId);
    log(`submitted job ${jobId} at guest 9999: ${jobPageUrl}\n`);
    // Its failure is the caller's to see when awaited below; until then it must not go unhandled.
    const watching = onSubmitted?.({ jobId, clientOf, siteOf, jobPageUrl });
    watching?.catch(() => undefined);
    const seen = new Map<string, string>();
    const lastIteration = new Map<string, number>();
    let lossReadAt = 0;
    const started = Date.now();
    let job: JobRow | undefined;
    while (Date.now() - started < DEMO_LIMIT_MS) {
      const tasks =
        options.statusOnly === true
          ? []
          : (((await guest.post('/v1/job/task/query', { job_id: jobId })).data ?? []) as TaskRow[]);
      for (const task of tasks.sort((a, b) => a.f_task_version - b.f_task_version)) {
        const key = `${task.f_component_name} v${task.f_task_version} ${task.f_role} ${task.f_party_id}`;
        if (seen.get(key) === task.f_party_status) continue;
        seen.set(key, task.f_party_status);
        const when = ((Date.now() - started) / 1000).toFixed(2).padStart(6);
        const firstLine = task.f_error_report.split('\n')[0] ?? '';
        const error = task.f_party_status === 'failed' && firstLine ? `  (${firstLine})` : '';
        log(`${when}s  ${key.padEnd(34)} ${task.f_party_status}${error}`);
      }
      if (options.statusOnly !== true && Date.now() - lossReadAt >= LOSS_EVERY_MS) {
        lossReadAt = Date.now();
        await logLosses(guest, jobId, tasks, lastIteration, (line) =>
          log(`${((Date.now() - started) / 1000).toFixed(2).padStart(6)}s  ${line}`),
        );
      }
      job = ((await guest.post('/v1/job/query', { job_id: jobId })).data as JobRow[] | undefined)?.[0];
      if (job !== undefined && FINAL.has(job.f_status)) break;
      await sleep(watchEveryMs);
    }
    if (job === undefined) return NOT_RUN;
    // The other parties learn the end from the initiator a moment later.
    let atHost: Array<JobRow & { f_role: string }> = [];
    for (const waitUntil = Date.now() + 15_000; Date.now() < waitUntil; await sleep(watchEveryMs)) {
      atHost = ((await clientOf(10000).post('/v1/job/query', { job_id: jobId })).data ?? []) as typeof atHost;
      if (atHost.every((record) => FINAL.has(record.f_status))) break;
    }
    log('');
    log(
      `job ${jobId}: ${job.f_status} at guest 9999 (progress ${job.f_progress}%), ${atHost.map((r) => `${r.f_status} at ${r.f_role} 10000`).join(', ')}`,
    );
    const fromSubmitMs = job.f_end_time === null ? undefined : job.f_end_time - job.f_create_time;
    if (job.f_elapsed !== null && fromSubmitMs !== undefined)
      log(
        `elapsed ${(job.f_elapsed / 1000).toFixed(2)} s from start; ${(fromSubmitMs / 1000).toFixed(2)} s from submit`,
      );
    const evaluation = await evaluationSummary(guest, jobId, 9999, dsl as DslComponents);
    for (const line of evaluation) log(line);
    await watching;
    await afterJob?.({ jobId, clientOf, siteOf, jobPageUrl });
    return {
      succeeded: job.f_status === 'success',
      ...(fromSubmitMs === undefined ? {} : { fromSubmitMs }),
      evaluation,
    };
  } finally {
    await federation.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Each guest component running now that has recorded a new iteration's loss: one line per new one. */
async function logLosses(
  guest: FlowClient,
  jobId: string,
  tasks: readonly TaskRow[],
  lastIteration: Map<string, number>,
  log: (line: string) => void,
): Promise<void> {
  const running = tasks.filter((task) => task.f_role === 'guest' && task.f_party_status === 'running');
  for (const component of new Set(running.map((task) => task.f_component_name))) {
    const point = await lastLoss(guest, jobId, component);
    if (point === undefined || lastIteration.get(component) === point.iteration) continue;
    lastIteration.set(component, point.iteration);
    log(`${component.padEnd(34)} iteration ${point.iteration}  loss ${point.loss.toFixed(6)}`);
  }
}
