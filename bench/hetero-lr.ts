import { fileURLToPath } from 'node:url';
import { runDemo } from '../local/demo/run-demo.js';
import { type Figure, median } from './report.js';

/** Whole runs of a one-minute job: a median of three is what the machine's time allows. */
const RUNS = 3;
const JOB_DIR = fileURLToPath(new URL('../examples/hetero-lr', import.meta.url));

/**
 * FATE's hetero-LR job end to end, as `npm start` runs it (examples/hetero-lr: Reader →
 * DataTransform → Intersection → HeteroLR with 1024-bit Paillier and 30 iterations → Evaluation,
 * guest 9999, host and arbiter 10000, each task a process, each exchange a signed HTTPS transfer),
 * from submit to success at the guest, beside FATE-Flow 1.11.2's run of FATE's own
 * hetero_lr_normal on this kind of machine (126 s; AUC 0.993063, KS 0.929391).
 */
export async function benchHeteroLr(): Promise<Figure[]> {
  const seconds: number[] = [];
  const aucs: number[] = [];
  const kss: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const result = await runDemo(JOB_DIR, () => {});
    if (!result.succeeded || result.fromSubmitMs === undefined) throw new Error(`run ${run + 1} did not succeed`);
    seconds.push(result.fromSubmitMs / 1000);
    const line = result.evaluation.find((text) => text.startsWith('evaluation_0 train/hetero_lr_0: ')) ?? '';
    aucs.push(Number(/auc ([\d.]+)/.exec(line)?.[1]));
    kss.push(Number(/ks ([\d.]+)/.exec(line)?.[1]));
  }
  const wall = median(seconds);
  return [
    { metric: 'submit_to_success_s', value: wall, unit: 's', runs: RUNS },
    { metric: 'fate_flow_1_11_submit_to_success_s', value: 126, unit: 's', runs: 1 },
    { metric: 'speedup_vs_fate_flow', value: 126 / wall, unit: 'x', runs: RUNS },
    { metric: 'auc', value: median(aucs), unit: '', runs: RUNS },
    { metric: 'fate_flow_1_11_auc', value: 0.993063, unit: '', runs: 1 },
    { metric: 'ks', value: median(kss), unit: '', runs: RUNS },
    { metric: 'fate_flow_1_11_ks', value: 0.929391, unit: '', runs: 1 },
  ];
}
