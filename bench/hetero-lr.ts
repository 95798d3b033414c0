import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDemo } from '../local/demo/run-demo.js';
import { type Figure, median } from './report.js';

/** Whole runs of a one-minute job: a median of three is what the machine's time allows. */
const RUNS = 3;
const JOB_DIR = fileURLToPath(new URL('../examples/hetero-lr', import.meta.url));

/**
 * The example's job with another task_cores, in a folder of its own: the DSL as it is, the uploads'
 * CSV paths made absolute (they are relative to the example's folder).
 */
async function withTaskCores(cores: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `hetero-lr-cores-${cores}-`));
  const conf = JSON.parse(await readFile(join(JOB_DIR, 'conf.json'), 'utf8'));
  conf.job_parameters.common.task_cores = cores;
  await writeFile(join(dir, 'conf.json'), JSON.stringify(conf));
  await copyFile(join(JOB_DIR, 'dsl.json'), join(dir, 'dsl.json'));
  for (const name of (await readdir(JOB_DIR)).filter((file) => file.startsWith('upload-'))) {
    const upload = JSON.parse(await readFile(join(JOB_DIR, name), 'utf8'));
    upload.file = resolve(JOB_DIR, upload.file);
    await writeFile(join(dir, name), JSON.stringify(upload));
  }
  return dir;
}

interface Run {
  readonly seconds: number;
  readonly auc: number;
  readonly ks: number;
}

/**
 * How often the bench looks at its job while it runs, and only at its status (`statusOnly`). It
 * prints nothing, and the job's time comes from the job's record (created → ended), so it needs
 * only the end: the demo's 250 ms looks at the tasks and losses, for the terminal's live lines,
 * would spend CPU in the sites' process (API calls and store Queries of whole task records) that
 * the job's runners then lack on a 2-core machine (docs/data-plane.md, "The hetero-LR job's CPU").
 */
const WATCH_EVERY_MS = 1000;

async function runOnce(jobDir: string, label: string): Promise<Run> {
  const result = await runDemo(jobDir, () => {}, undefined, undefined, {
    watchEveryMs: WATCH_EVERY_MS,
    statusOnly: true,
  });
  if (!result.succeeded || result.fromSubmitMs === undefined) throw new Error(`${label} did not succeed`);
  const line = result.evaluation.find((text) => text.startsWith('evaluation_0 train/hetero_lr_0: ')) ?? '';
  return {
    seconds: result.fromSubmitMs / 1000,
    auc: Number(/auc ([\d.]+)/.exec(line)?.[1]),
    ks: Number(/ks ([\d.]+)/.exec(line)?.[1]),
  };
}

/**
 * FATE's hetero-LR job end to end, as `npm start` runs it (examples/hetero-lr: Reader →
 * DataTransform → Intersection → HeteroLR with 1024-bit Paillier and 30 iterations → Evaluation,
 * guest 9999, host and arbiter 10000, each task a process, each exchange a signed HTTPS transfer),
 * from submit to success at the guest, beside FATE-Flow 1.11.2's run of FATE's own
 * hetero_lr_normal on this kind of machine (126 s; AUC 0.993063, KS 0.929391).
 * Also the same job with task_cores 1 (HeteroLR's Paillier on one thread per party instead of two),
 * runs alternating with the example's task_cores 2 so that a machine's changing load weighs on both.
 */
export async function benchHeteroLr(): Promise<Figure[]> {
  const oneCore = await withTaskCores(1);
  const runs: { two: Run[]; one: Run[] } = { two: [], one: [] };
  try {
    for (let run = 0; run < RUNS; run += 1) {
      runs.two.push(await runOnce(JOB_DIR, `run ${run + 1} (task_cores 2)`));
      runs.one.push(await runOnce(oneCore, `run ${run + 1} (task_cores 1)`));
    }
  } finally {
    await rm(oneCore, { recursive: true, force: true });
  }
  const wall = median(runs.two.map((r) => r.seconds));
  const wallOne = median(runs.one.map((r) => r.seconds));
  return [
    { metric: 'submit_to_success_s', value: wall, unit: 's', runs: RUNS },
    { metric: 'fate_flow_1_11_submit_to_success_s', value: 126, unit: 's', runs: 1 },
    { metric: 'speedup_vs_fate_flow', value: 126 / wall, unit: 'x', runs: RUNS },
    { metric: 'auc', value: median(runs.two.map((r) => r.auc)), unit: '', runs: RUNS },
    { metric: 'fate_flow_1_11_auc', value: 0.993063, unit: '', runs: 1 },
    { metric: 'ks', value: median(runs.two.map((r) => r.ks)), unit: '', runs: RUNS },
    { metric: 'fate_flow_1_11_ks', value: 0.929391, unit: '', runs: 1 },
    { metric: 'submit_to_success_task_cores_1_s', value: wallOne, unit: 's', runs: RUNS },
    { metric: 'auc_task_cores_1', value: median(runs.one.map((r) => r.auc)), unit: '', runs: RUNS },
    { metric: 'speedup_task_cores_2_vs_1', value: wallOne / wall, unit: 'x', runs: RUNS },
  ];
}
