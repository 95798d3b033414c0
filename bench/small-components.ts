import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlowClient } from '../client/flow-client.js';
import { uploadDemoTables } from '../local/demo/demo-uploads.js';
import { parseFederationConfig } from '../local/federation/federation-config.js';
import { startLocalFederation } from '../local/federation/local-federation.js';
import { localSiteAuth } from '../local/federation/site-auth.js';
import { type Figure, median } from './report.js';

/**
 * The small components of FATE's hetero-LR job on the breast data (569 rows), on the two sites of
 * `npm start` (guest 9999; host and arbiter 10000):
 * - each component's duration at each party, from its task record: marked running (just before its
 *   process is spawned) to success written by the runner — process start included;
 * - a trivial two-party, two-component job (Reader → DataTransform at guest and host), from the
 *   submit call to success seen at the guest (FATE's toy test took 4.3–7.5 s on this machine).
 * One warm-up job first (the runner's bundle, its compile cache, the first TLS handshakes).
 */
const RUNS = 5;
const JOB_DIR = fileURLToPath(new URL('../examples/hetero-lr', import.meta.url));
const COMPONENTS = ['reader_0', 'data_transform_0', 'intersection_0'] as const;
const PARTIES = [
  { role: 'guest', partyId: 9999 },
  { role: 'host', partyId: 10000 },
] as const;

interface TaskRow {
  f_component_name: string;
  f_role: string;
  f_party_id: string | number;
  f_start_time: number | null;
  f_end_time: number | null;
}

type Conf = { role: Record<string, number[]>; component_parameters: { common: Record<string, unknown> } };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The hetero-LR job cut after `last`: its components up to it, their parameters, no arbiter. */
async function jobUpTo(last: (typeof COMPONENTS)[number]): Promise<{ dsl: unknown; conf: Conf }> {
  const read = async (file: string) => JSON.parse(await readFile(join(JOB_DIR, file), 'utf8'));
  const [dsl, conf] = await Promise.all([read('dsl.json'), read('conf.json')]);
  const kept = COMPONENTS.slice(0, COMPONENTS.indexOf(last) + 1) as readonly string[];
  const components = Object.fromEntries(
    Object.entries(dsl.components as Record<string, unknown>).filter(([name]) => kept.includes(name)),
  );
  const common = Object.fromEntries(
    Object.entries(conf.component_parameters.common as Record<string, unknown>).filter(([name]) => kept.includes(name)),
  );
  const host = conf.component_parameters.role.host['0'];
  delete host.evaluation_0;
  return {
    dsl: { components },
    conf: {
      ...conf,
      role: { guest: conf.role.guest, host: conf.role.host },
      component_parameters: { ...conf.component_parameters, common },
    },
  };
}

async function runJob(guest: FlowClient, job: { dsl: unknown; conf: Conf }): Promise<{ jobId: string; ms: number }> {
  const submittedAt = performance.now();
  const answer = await guest.post('/v1/job/submit', { job_dsl: job.dsl, job_runtime_conf: job.conf });
  if (answer.retcode !== 0) throw new Error(`submit refused: ${answer.retmsg}`);
  const jobId = String(answer.jobId);
  for (;;) {
    const rows = ((await guest.post('/v1/job/query', { job_id: jobId })).data ?? []) as Array<{ f_status: string }>;
    const status = rows[0]?.f_status;
    if (status === 'success') return { jobId, ms: performance.now() - submittedAt };
    if (status === 'failed' || status === 'canceled' || status === 'timeout') throw new Error(`job ${jobId} ${status}`);
    await sleep(25);
  }
}

async function durations(clientOf: (partyId: number) => FlowClient, jobId: string): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const { role, partyId } of PARTIES) {
    const rows = ((await clientOf(partyId).post('/v1/job/task/query', { job_id: jobId })).data ?? []) as TaskRow[];
    for (const row of rows) {
      if (row.f_role !== role || Number(row.f_party_id) !== partyId) continue;
      if (row.f_start_time === null || row.f_end_time === null) continue;
      found.set(`${row.f_component_name}_${role}`, row.f_end_time - row.f_start_time);
    }
  }
  return found;
}

export async function benchSmallComponents(): Promise<Figure[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fate-flow-bench-'));
  const config = parseFederationConfig({});
  const { tokenOf, auth } = await localSiteAuth(config, dataDir);
  const federation = await startLocalFederation(config, { dataDir, persistent: false, auth });
  try {
    const clientOf = (partyId: number) =>
      new FlowClient({ url: federation.site(partyId).apiUrl, token: tokenOf(partyId) });
    const guest = clientOf(9999);
    const psi = await jobUpTo('intersection_0');
    const toy = await jobUpTo('data_transform_0');
    if (!(await uploadDemoTables(JOB_DIR, psi.conf, clientOf, () => {}))) throw new Error('upload failed');
    await runJob(guest, psi); // warm up
    const perTask = new Map<string, number[]>();
    const toyMs: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const { jobId } = await runJob(guest, psi);
      for (const [key, ms] of await durations(clientOf, jobId)) perTask.set(key, [...(perTask.get(key) ?? []), ms]);
      toyMs.push((await runJob(guest, toy)).ms);
    }
    return [
      ...COMPONENTS.flatMap((component) =>
        PARTIES.map(({ role }) => {
          const values = perTask.get(`${component}_${role}`) ?? [];
          return { metric: `${component}_${role}_ms`, value: median(values), unit: 'ms', runs: values.length };
        }),
      ),
      { metric: 'toy_job_submit_to_success_ms', value: median(toyMs), unit: 'ms', runs: toyMs.length },
      { metric: 'fate_toy_test_submit_to_success_ms_min', value: 4300, unit: 'ms', runs: 1 },
    ];
  } finally {
    await federation.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
