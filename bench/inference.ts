import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { FlowClient } from '../client/flow-client.js';
import { runDemo } from '../local/demo/run-demo.js';
import { type Figure, median } from './report.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const EXAMPLE = join(ROOT, 'examples', 'hetero-lr');
const GUEST = 9999;
const HOST = 10000;
const MODEL_ID = `arbiter-${HOST}#guest-${GUEST}#host-${HOST}#model`;
const SERVICE_ID = 'bench-breast-lr';
/** Single-record requests timed, one after another (after one untimed request that reads the models). */
const REQUESTS = 500;
const BATCH = 500;
const BATCH_RUNS = 5;

/** The example job with 3 iterations and a 512-bit key: the model only needs to exist, not to be good. */
async function quickJob(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'inference-bench-'));
  await cp(join(EXAMPLE, 'dsl.json'), join(dir, 'dsl.json'));
  const conf = JSON.parse(await readFile(join(EXAMPLE, 'conf.json'), 'utf8'));
  conf.component_parameters.common.hetero_lr_0 = {
    ...conf.component_parameters.common.hetero_lr_0,
    max_iter: 3,
    encrypt_param: { key_length: 512 },
  };
  await writeFile(join(dir, 'conf.json'), JSON.stringify(conf));
  for (const role of ['guest', 'host']) {
    const upload = JSON.parse(await readFile(join(EXAMPLE, `upload-${role}.json`), 'utf8'));
    const file = join(ROOT, 'examples', 'data', `breast_hetero_${role}.csv`);
    await writeFile(join(dir, `upload-${role}.json`), JSON.stringify({ ...upload, file }));
  }
  return dir;
}

async function guestRecords(): Promise<{ id: string; featureData: Record<string, number> }[]> {
  const csv = await readFile(join(ROOT, 'examples', 'data', 'breast_hetero_guest.csv'), 'utf8');
  const [head = '', ...lines] = csv.split('\n').filter((line) => line !== '');
  const columns = head.split(',');
  return lines.map((line) => {
    const [id = '', , ...cells] = line.split(',');
    return { id, featureData: Object.fromEntries(cells.map((cell, j) => [columns[j + 2] ?? '', Number(cell)])) };
  });
}

function check(what: string, answer: { retcode: number; retmsg: string }): void {
  if (answer.retcode !== 0) throw new Error(`${what} failed: ${answer.retcode} ${answer.retmsg}`);
}

/** Deploy, load, bind at the guest and (with its breast table) at the host: `flow model …` as a user would. */
async function publish(jobId: string, guest: FlowClient, host: FlowClient): Promise<void> {
  const deploy = await guest.post('/v1/model/deploy', {
    model_id: MODEL_ID,
    model_version: jobId,
    cpn_list: ['reader_0', 'data_transform_0', 'intersection_0', 'hetero_lr_0'],
  });
  check('deploy', deploy);
  const jobParameters = {
    model_id: MODEL_ID,
    model_version: String((deploy.data as { model_version: string }).model_version),
  };
  check('load', await guest.post('/v1/model/load', { job_parameters: jobParameters }));
  check('guest bind', await guest.post('/v1/model/bind', { job_parameters: jobParameters, service_id: SERVICE_ID }));
  check(
    'host bind',
    await host.post('/v1/model/bind', {
      job_parameters: jobParameters,
      service_id: SERVICE_ID,
      table_name: 'breast_hetero_host',
      namespace: 'experiment',
    }),
  );
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/**
 * Online inference through the guest's route on a local federation (guest 9999, host 10000, real
 * HTTP API and signed HTTPS between the sites): a hetero-LR model trained on breast, deployed,
 * loaded and bound, then REQUESTS single-record requests one after another (the host's part over a
 * signed model.infer each time) — per-record latency p50/p99 and records/s — and the same rows as
 * batches of BATCH (one model.infer per batch).
 */
export async function benchInference(): Promise<Figure[]> {
  const dir = await quickJob();
  const records = await guestRecords();
  const latencies: number[] = [];
  let firstMs = Number.NaN;
  let sequentialS = Number.NaN;
  const batchRates: number[] = [];
  try {
    const result = await runDemo(
      dir,
      () => {},
      async ({ jobId, clientOf }) => {
        const guest = clientOf(GUEST);
        await publish(jobId, guest, clientOf(HOST));
        const score = async (i: number) => {
          const record = records[i % records.length] ?? { id: '', featureData: {} };
          const started = performance.now();
          const answer = await guest.post('/federation/v1/inference', {
            head: { serviceId: SERVICE_ID },
            body: { featureData: record.featureData, sendToRemoteFeatureData: { id: record.id } },
          });
          check(`inference of id ${record.id}`, answer);
          return performance.now() - started;
        };
        firstMs = await score(0);
        const begun = performance.now();
        for (let i = 1; i <= REQUESTS; i += 1) latencies.push(await score(i));
        sequentialS = (performance.now() - begun) / 1000;
        const batch = records.slice(0, BATCH);
        for (let run = 0; run < BATCH_RUNS; run += 1) {
          const started = performance.now();
          const answer = await guest.post('/federation/v1/batchInference', {
            head: { serviceId: SERVICE_ID },
            body: {
              batchDataList: batch.map((r, index) => ({
                index,
                featureData: r.featureData,
                sendToRemoteFeatureData: { id: r.id },
              })),
            },
          });
          check('batch inference', answer);
          batchRates.push(batch.length / ((performance.now() - started) / 1000));
        }
      },
    );
    if (!result.succeeded) throw new Error('the training job did not succeed');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  return [
    { metric: 'inference_p50_ms', value: median(latencies), unit: 'ms', runs: latencies.length },
    { metric: 'inference_p99_ms', value: percentile(sorted, 99), unit: 'ms', runs: latencies.length },
    { metric: 'inference_records_per_s', value: latencies.length / sequentialS, unit: 'records/s', runs: 1 },
    { metric: 'inference_first_request_ms', value: firstMs, unit: 'ms', runs: 1 },
    { metric: 'batch_inference_records_per_s', value: median(batchRates), unit: 'records/s', runs: BATCH_RUNS },
  ];
}
