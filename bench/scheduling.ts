import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlowClient } from '../client/flow-client.js';
import { parseFederationConfig } from '../local/federation/federation-config.js';
import { startLocalFederation } from '../local/federation/local-federation.js';
import { type Figure, median } from './report.js';

/**
 * The scheduler's own cost, on two local sites (guest 9999; host 10000), with three PassThrough
 * stages per job:
 * - stage overhead: from the last task of a stage ending (at any party) to the last task of the
 *   next stage starting (marked running, just before its process is spawned), so process start-up
 *   is left out but reports, the multi-party rule, the workflow and the federated task start are in;
 * - submit → first task running: from the submit call to the first task marked running.
 * FATE-Flow's design figure: its DAG scheduler polls every 2 s, so up to 2 s per DAG level.
 */
const JOBS = 20;
const STAGES = ['s0', 's1', 's2'];
const TOKEN = 'bench-token-0123456789';

interface TaskRow {
  f_component_name: string;
  f_party_status: string;
  f_start_time: number | null;
  f_end_time: number | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How often the bench looks at its job. The figures come from the tasks' records (start and end
 * times), so the look only has to see the end; every look is an API call and a store Query served
 * by the same process and thread as both sites, so a 50 ms look was ≈ 100 Queries per job on the
 * very path it measures (docs/stage-overhead.md, "Where the milliseconds go").
 */
const WATCH_EVERY_MS = 500;

function linearJob() {
  const components: Record<string, unknown> = {};
  STAGES.forEach((name, index) => {
    const previous = STAGES[index - 1];
    components[name] = {
      module: 'PassThrough',
      ...(previous === undefined ? {} : { input: { data: { data: [`${previous}.data`] } } }),
      output: { data: ['data'] },
    };
  });
  return {
    job_dsl: { components },
    job_runtime_conf: {
      dsl_version: 2,
      initiator: { role: 'guest', party_id: 9999 },
      role: { guest: [9999], host: [10000] },
      job_parameters: { common: { task_cores: 1 } },
    },
  };
}

async function runOne(guest: FlowClient): Promise<{ submitToFirst: number; stageOverheads: number[] }> {
  const submittedAt = Date.now();
  const answer = await guest.post('/v1/job/submit', linearJob());
  if (answer.retcode !== 0) throw new Error(`submit failed: ${answer.retmsg}`);
  const jobId = String(answer.jobId);
  for (let waited = 0; waited < 60_000; waited += WATCH_EVERY_MS) {
    const rows = ((await guest.post('/v1/job/query', { job_id: jobId })).data ?? []) as Array<{ f_status: string }>;
    const status = rows[0]?.f_status;
    if (status === 'success') break;
    if (status === 'failed' || status === 'canceled' || status === 'timeout') {
      const tasks = ((await guest.post('/v1/job/task/query', { job_id: jobId })).data ?? []) as Array<
        TaskRow & { f_role: string; f_error_report: string }
      >;
      const reasons = tasks
        .filter((t) => t.f_error_report)
        .map((t) => `${t.f_component_name} ${t.f_role}: ${t.f_error_report.split('\n')[0]}`);
      throw new Error(`job ${jobId} ${status}: ${reasons.join('; ')}`);
    }
    await sleep(WATCH_EVERY_MS);
  }
  const tasks = ((await guest.post('/v1/job/task/query', { job_id: jobId })).data ?? []) as TaskRow[];
  const times = (stage: string, field: 'f_start_time' | 'f_end_time') =>
    tasks.filter((t) => t.f_component_name === stage).map((t) => t[field] ?? Number.NaN);
  const stageOverheads = STAGES.slice(1).map((stage, index) => {
    const previous = STAGES[index] ?? '';
    return Math.max(...times(stage, 'f_start_time')) - Math.max(...times(previous, 'f_end_time'));
  });
  return { submitToFirst: Math.min(...times(STAGES[0] ?? '', 'f_start_time')) - submittedAt, stageOverheads };
}

export async function benchScheduling(): Promise<Figure[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fate-flow-bench-'));
  const federation = await startLocalFederation(
    parseFederationConfig({ sites: [{ party_id: 9999 }, { party_id: 10000 }], test_components: true }),
    {
      dataDir,
      persistent: false,
      auth: { mode: 'credentials', bearerTokens: [TOKEN], appKeys: {} },
    },
  );
  try {
    const guest = new FlowClient({ url: federation.site(9999).apiUrl, token: TOKEN });
    await runOne(guest); // warm up: module loading, first TLS handshakes
    const submitToFirst: number[] = [];
    const stageOverheads: number[] = [];
    for (let job = 0; job < JOBS; job += 1) {
      const result = await runOne(guest);
      submitToFirst.push(result.submitToFirst);
      stageOverheads.push(...result.stageOverheads);
    }
    return [
      { metric: 'stage_overhead_ms', value: median(stageOverheads), unit: 'ms', runs: stageOverheads.length },
      { metric: 'submit_to_first_task_ms', value: median(submitToFirst), unit: 'ms', runs: submitToFirst.length },
      { metric: 'fate_flow_design_stage_overhead_ms_max', value: 2000, unit: 'ms', runs: 0 },
      {
        metric: 'stage_overhead_ratio_to_fate_flow_max',
        value: 2000 / median(stageOverheads),
        unit: 'x',
        runs: stageOverheads.length,
      },
    ];
  } finally {
    await federation.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
