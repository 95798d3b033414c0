import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import type { Envelope, FlowClient } from '../../../../client/flow-client.js';
import { binaryMetrics, round6 } from '../../../../runner/components/binary-metrics.js';
import { failedTasks, type GuestOutput, guestOutput } from '../guest-output.js';
import { sleep } from '../wait.js';
import type { HeteroLrSuite } from './suite.js';

const examples = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const MODEL_ID = 'arbiter-10000#guest-9999#host-10000#model';

type Output = GuestOutput;

interface Seen {
  trainingJob: string;
  deployed?: Envelope;
  submitted?: Envelope;
  status: string;
  failed: string[];
  training?: Output;
  predicted?: Output;
  intersected?: Output;
  trainingIntersection?: Record<string, unknown>;
  checkpoints?: Record<string, unknown>;
  lastCheckpoint?: Envelope;
  trainedModel?: unknown;
  predictIntersection?: Record<string, unknown>;
}

/**
 * FATE's hetero-LR train → deploy → predict on the trained job: `model deploy` as FATE's client sends
 * it, then FATE's own hetero_lr_normal_predict job (`examples/hetero-lr-predict`, the deployed
 * version filled in), which must score every intersected row as the training job's final model did.
 */
export function predictSuite(): HeteroLrSuite {
  const seen: Seen = { trainingJob: '', status: '', failed: [] };
  return {
    async afterJob({ jobId, clientOf }) {
      seen.trainingJob = jobId;
      const guest = clientOf(9999);
      // FATE's `flow model deploy --cpn-list "reader_0, data_transform_0, intersection_0, hetero_lr_0"`.
      seen.deployed = await guest.post('/v1/model/deploy', {
        model_id: MODEL_ID,
        model_version: jobId,
        cpn_list: ['reader_0', 'data_transform_0', 'intersection_0', 'hetero_lr_0'],
      });
      const version = String((seen.deployed.data as { model_version?: unknown } | undefined)?.model_version ?? '');
      const steps = async (role: string, partyId: number) =>
        (
          await clientOf(partyId).post('/v1/checkpoint/list', {
            model_id: MODEL_ID,
            model_version: version,
            role,
            party_id: partyId,
            component_name: 'hetero_lr_0',
          })
        ).data;
      seen.checkpoints = {
        guest: await steps('guest', 9999),
        host: await steps('host', 10000),
        arbiter: await steps('arbiter', 10000),
      };
      seen.lastCheckpoint = await guest.post('/v1/checkpoint/get', {
        model_id: MODEL_ID,
        model_version: version,
        role: 'guest',
        party_id: 9999,
        component_name: 'hetero_lr_0',
        step_index: 2,
      });
      const output = { job_id: jobId, role: 'guest', party_id: 9999, component_name: 'hetero_lr_0' };
      seen.trainedModel = (await guest.post('/v1/tracking/component/output/model', output)).data;
      const example = join(examples, 'hetero-lr-predict');
      const dsl = JSON.parse(await readFile(join(example, 'dsl.json'), 'utf8'));
      const conf = JSON.parse(await readFile(join(example, 'conf.json'), 'utf8'));
      conf.job_parameters.common.model_version = version;
      seen.submitted = await guest.post('/v1/job/submit', { job_dsl: dsl, job_runtime_conf: conf });
      if (seen.submitted.retcode !== 0) return;
      const predictJob = String(seen.submitted.jobId);
      seen.status = await finalStatus(guest, predictJob);
      if (seen.status !== 'success') {
        seen.failed = await failedTasks(guest, predictJob);
        return;
      }
      seen.training = await guestOutput(guest, jobId, 'hetero_lr_0');
      seen.predicted = await guestOutput(guest, predictJob, 'hetero_lr_0');
      seen.intersected = await guestOutput(guest, predictJob, 'intersection_0');
      seen.trainingIntersection = await guestParameters(guest, jobId, 'intersection_0');
      seen.predictIntersection = await guestParameters(guest, predictJob, 'intersection_0');
    },
    define() {
      describe("then deployed and predicting with FATE's hetero_lr_normal_predict", () => {
        it('deploys a new version at every party of the model, answered as FATE-Flow answers', () => {
          const data = seen.deployed?.data as Record<string, unknown> | undefined;
          expect([seen.deployed?.retcode, data?.model_id, data?.guest, data?.host, data?.arbiter]).toEqual([
            0,
            MODEL_ID,
            { 9999: 0 },
            { 10000: 0 },
            { 10000: 0 },
          ]);
          expect(data?.model_version).toMatch(/^\d{21}$/);
          expect(data?.model_version).not.toBe(seen.trainingJob);
        });

        it("lists each iteration's checkpoint of HeteroLR at every party; the last one is the trained model", () => {
          const summary = (rows: unknown) =>
            (rows as { step_index: number; step_name: string; models: unknown }[]).map((row) => [
              row.step_index,
              row.step_name,
              row.models,
            ]);
          const expected = [0, 1, 2].map((it) => [it, `iteration_${it}`, { model: { model_type: 'HeteroLR' } }]);
          expect({
            guest: summary(seen.checkpoints?.guest),
            host: summary(seen.checkpoints?.host),
            arbiter: summary(seen.checkpoints?.arbiter),
          }).toEqual({ guest: expected, host: expected, arbiter: expected });
          const last = seen.lastCheckpoint?.data as { step_index?: number; models?: { model?: unknown } } | undefined;
          expect([seen.lastCheckpoint?.retcode, last?.step_index]).toEqual([0, 2]);
          expect(last?.models?.model).toEqual(seen.trainedModel);
        });

        it('runs the predict job at every party', () => {
          expect([seen.submitted?.retcode, seen.submitted?.retmsg]).toEqual([0, 'success']);
          expect({ status: seen.status, failed: seen.failed }).toEqual({ status: 'success', failed: [] });
        });

        it('intersects with the trained method: the predict conf gives Intersection nothing, it inherits it', () => {
          expect(seen.predictIntersection).toEqual(seen.trainingIntersection);
          expect(seen.predictIntersection).toEqual({
            intersect_method: 'ecdh',
            ecdh_params: { hash_method: 'sha256', curve: 'curve25519' },
          });
        });

        it("writes one row per intersected id with FATE's predict columns, type test", () => {
          const { header, rows } = seen.predicted ?? { header: [], rows: [] };
          expect(header).toEqual(['id', 'label', 'predict_result', 'predict_score', 'predict_detail', 'type']);
          const intersected = (seen.intersected?.rows ?? []).map((row) => row[0]);
          expect(rows).toHaveLength(569);
          expect(rows.map((row) => row[0]).sort()).toEqual(intersected.sort());
          expect(new Set(rows.map((row) => row[5]))).toEqual(new Set(['test']));
        });

        it("scores the training rows as the training job's final model did, to 1e-9, with the same AUC", () => {
          const training = byId(seen.training);
          const predicted = byId(seen.predicted);
          expect([...predicted.keys()].sort()).toEqual([...training.keys()].sort());
          const worst = Math.max(
            ...[...predicted].map(([id, row]) => Math.abs(row.score - (training.get(id)?.score ?? Number.NaN))),
          );
          expect(worst).toBeLessThan(1e-9);
          // The training job's Evaluation reported AUC 0.966545 on these rows (hetero-lr.test.ts).
          expect([auc(training), auc(predicted)]).toEqual([0.966545, 0.966545]);
        });
      });
    },
  };
}

function byId(output: Output | undefined): Map<string, { label: number; score: number }> {
  const { header, rows } = output ?? { header: [], rows: [] };
  const label = header.indexOf('label');
  const score = header.indexOf('predict_score');
  return new Map(rows.map((row) => [row[0] ?? '', { label: Number(row[label]), score: Number(row[score]) }]));
}

function auc(rows: Map<string, { label: number; score: number }>): number {
  const values = [...rows.values()];
  return round6(
    binaryMetrics(
      values.map((row) => row.label),
      values.map((row) => row.score),
      0.5,
    ).auc,
  );
}

async function finalStatus(guest: FlowClient, jobId: string): Promise<string> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(100)) {
    const [job] = ((await guest.post('/v1/job/query', { job_id: jobId })).data ?? []) as { f_status: string }[];
    if (job !== undefined && ['success', 'failed', 'canceled', 'timeout'].includes(job.f_status)) return job.f_status;
  }
  return 'not ended in 60 s';
}

async function guestParameters(guest: FlowClient, jobId: string, component: string) {
  const answer = await guest.post('/v1/tracking/component/parameters', {
    job_id: jobId,
    role: 'guest',
    party_id: 9999,
    component_name: component,
  });
  return (answer.data as { ComponentParam?: Record<string, unknown> } | undefined)?.ComponentParam;
}
