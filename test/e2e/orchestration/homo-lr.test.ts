import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Envelope, FlowClient } from '../../../client/flow-client.js';
import { runDemo } from '../../../local/demo/run-demo.js';
import { failedTasks, guestOutput, predictScores } from './guest-output.js';
import { sleep } from './wait.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * FATE's homo-LR job as `npm start` runs it — the breast rows split between guest 9999 and host
 * 10000, both labelled, Reader → DataTransform → FeatureScale → HomoLR (FedAvg with secure
 * aggregation at the arbiter) → Evaluation, every task a real process, every exchange a signed
 * HTTPS transfer — with 2 iterations instead of the example's 30, so that it takes seconds.
 */
describe('the homo-LR example job on a two-site federation', () => {
  let jobDir: string;
  let succeeded: boolean;
  const lines: string[] = [];
  let trainingJob = '';
  let deployed: Envelope | undefined;
  let predictSubmit: Envelope | undefined;
  let predictStatus = '';
  let predictErrors: string[] = [];
  let scores: { training: Map<string, number>; predicted: Map<string, number> } | undefined;

  beforeAll(async () => {
    jobDir = await mkdtemp(join(tmpdir(), 'homo-lr-job-'));
    const example = join(root, 'examples', 'homo-lr');
    await cp(join(example, 'dsl.json'), join(jobDir, 'dsl.json'));
    const conf = JSON.parse(await readFile(join(example, 'conf.json'), 'utf8'));
    conf.component_parameters.common.homo_lr_0 = { ...conf.component_parameters.common.homo_lr_0, max_iter: 2 };
    await writeFile(join(jobDir, 'conf.json'), JSON.stringify(conf));
    for (const role of ['guest', 'host']) {
      const upload = JSON.parse(await readFile(join(example, `upload-${role}.json`), 'utf8'));
      const file = join(root, 'examples', 'data', `breast_homo_${role}.csv`);
      await writeFile(join(jobDir, `upload-${role}.json`), JSON.stringify({ ...upload, file }));
    }
    ({ succeeded } = await runDemo(
      jobDir,
      (line) => lines.push(line),
      async ({ jobId, clientOf }) => {
        trainingJob = jobId;
        const guest = clientOf(9999);
        deployed = await guest.post('/v1/model/deploy', {
          model_id: MODEL_ID,
          model_version: jobId,
          cpn_list: ['reader_0', 'data_transform_0', 'scale_0', 'homo_lr_0'],
        });
        const version = (deployed.data as { model_version?: string } | undefined)?.model_version ?? '';
        const model = { model_id: MODEL_ID, model_version: version };
        const dsl = (await guest.post('/v1/model/get/predict/dsl', model)).data;
        const conf = (await guest.post('/v1/model/get/predict/conf', model)).data as PredictConf;
        for (const role of ['guest', 'host'] as const) {
          conf.component_parameters.role[role]['0'] = {
            reader_0: { table: { name: `breast_homo_${role}`, namespace: 'experiment' } },
          };
        }
        predictSubmit = await guest.post('/v1/job/submit', { job_dsl: dsl, job_runtime_conf: conf });
        lines.push(`predict submit: ${predictSubmit.retcode} ${predictSubmit.retmsg}`);
        if (predictSubmit.retcode !== 0) return;
        const predictJob = String(predictSubmit.jobId);
        predictStatus = await finalStatus(guest, predictJob);
        lines.push(`predict job ${predictJob}: ${predictStatus}`);
        if (predictStatus !== 'success') {
          predictErrors = await failedTasks(guest, predictJob);
          return;
        }
        scores = {
          training: predictScores(await guestOutput(guest, jobId, 'homo_lr_0')),
          predicted: predictScores(await guestOutput(guest, predictJob, 'homo_lr_0')),
        };
      },
      undefined,
      // Only the job's end is read here: no need for the demo's 100 ms.
      { watchEveryMs: 500 },
    ));
  }, 240_000);
  afterAll(async () => {
    await rm(jobDir, { recursive: true, force: true });
  });

  it('uploads each party its own rows', () => {
    expect(lines.filter((line) => line.startsWith('uploaded '))).toEqual([
      'uploaded experiment.breast_homo_guest at guest 9999',
      'uploaded experiment.breast_homo_host at host 10000',
    ]);
  });

  it('succeeds at every party', () => {
    expect(succeeded).toBe(true);
    const end = lines.find((line) => line.startsWith('job '));
    expect(end).toMatch(/: success at guest 9999 \(progress 100%\), success at arbiter 10000, success at host 10000$/);
  });

  it('learns the same model every run (full batches, zero init), evaluated at the guest', () => {
    expect(lines.filter((line) => line.startsWith('evaluation_0 '))).toEqual([
      'evaluation_0 train/homo_lr_0: auc 0.986392, ks 0.895211, accuracy 0.936842, precision 0.95082, recall 0.95082',
    ]);
  });

  describe("then deployed and predicting (FATE's train → deploy → predict)", () => {
    it('deploys a new version at every party of the model', () => {
      const data = deployed?.data as Record<string, unknown> | undefined;
      expect([deployed?.retcode, data?.guest, data?.host, data?.arbiter]).toEqual([
        0,
        { 9999: 0 },
        { 10000: 0 },
        { 10000: 0 },
      ]);
      expect(data?.model_version).toMatch(/^\d{21}$/);
      expect(data?.model_version).not.toBe(trainingJob);
    });

    it("runs the predict job FATE's get-predict-dsl/conf make, accepted at every party", () => {
      expect([predictSubmit?.retcode, predictSubmit?.retmsg]).toEqual([0, 'success']);
      expect({ status: predictStatus, failed: predictErrors }).toEqual({ status: 'success', failed: [] });
    });

    it("scores every guest row as the training job's final model did, to 1e-9", () => {
      const { training, predicted } = scores ?? { training: new Map(), predicted: new Map() };
      expect(predicted.size).toBe(285);
      expect([...predicted.keys()].sort()).toEqual([...training.keys()].sort());
      const worst = Math.max(...[...predicted].map(([id, p]) => Math.abs(p - (training.get(id) ?? Number.NaN))));
      expect(worst).toBeLessThan(1e-9);
    });
  });
});

const MODEL_ID = 'arbiter-10000#guest-9999#host-10000#model';

interface PredictConf {
  component_parameters: { role: Record<'guest' | 'host', Record<string, unknown>> };
}

async function finalStatus(guest: FlowClient, jobId: string): Promise<string> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(500)) {
    const [job] = ((await guest.post('/v1/job/query', { job_id: jobId })).data ?? []) as { f_status: string }[];
    if (job !== undefined && ['success', 'failed', 'canceled', 'timeout'].includes(job.f_status)) return job.f_status;
  }
  return 'not ended in 120 s';
}
