import { readFile } from 'node:fs/promises';
import { expect, it } from '@jest/globals';
import type { Envelope } from '../../../../client/flow-client.js';
import type { AfterJob } from '../../../../local/demo/run-demo.js';
import { guestOutput, predictScores } from '../guest-output.js';
import type { HeteroLrSuite } from './suite.js';

const GUEST = 9999;
const HOST = 10000;
const MODEL_ID = `arbiter-${HOST}#guest-${GUEST}#host-${HOST}#model`;
const SERVICE_ID = 'breast-hetero-lr';
const BATCH = 500;

interface Seen {
  deploy?: Envelope;
  load?: Envelope;
  binds?: Envelope[];
  /** The training job's final score per id at the guest (its hetero_lr_0 output: batch predict of the train data). */
  trained?: Map<string, number>;
  /** The route's score per id, and every record it refused. */
  served?: Map<string, number>;
  refused?: unknown[];
  unknownId?: Envelope;
}

const seen: Seen = {};

/** The guest's breast rows as FATE-Serving's featureData (the label left out), by id. */
async function guestRows(): Promise<Map<string, Record<string, number>>> {
  const csv = await readFile(new URL('../../../../examples/data/breast_hetero_guest.csv', import.meta.url), 'utf8');
  const [head = '', ...lines] = csv.split('\n').filter((line) => line !== '');
  const columns = head.split(',');
  return new Map(
    lines.map((line) => {
      const [id = '', , ...cells] = line.split(',');
      return [id, Object.fromEntries(cells.map((cell, j) => [columns[j + 2] ?? '', Number(cell)]))];
    }),
  );
}

/**
 * Deploys the trained model, loads it, binds the service at the guest and at the host (with the
 * host's uploaded breast table as its feature table), scores every breast row through the guest's
 * batch inference route, and reads the training job's own final scores to compare.
 */
const afterJob: AfterJob = async ({ jobId, clientOf }) => {
  const guest = clientOf(GUEST);
  const host = clientOf(HOST);
  seen.deploy = await guest.post('/v1/model/deploy', {
    model_id: MODEL_ID,
    model_version: jobId,
    cpn_list: ['reader_0', 'data_transform_0', 'intersection_0', 'hetero_lr_0'],
  });
  const version = String((seen.deploy.data as { model_version?: unknown } | undefined)?.model_version);
  const jobParameters = { model_id: MODEL_ID, model_version: version };
  seen.load = await guest.post('/v1/model/load', { job_parameters: jobParameters });
  seen.binds = [
    await guest.post('/v1/model/bind', { job_parameters: jobParameters, service_id: SERVICE_ID }),
    await host.post('/v1/model/bind', {
      job_parameters: jobParameters,
      service_id: SERVICE_ID,
      table_name: 'breast_hetero_host',
      namespace: 'experiment',
    }),
  ];

  seen.trained = predictScores(await guestOutput(guest, jobId, 'hetero_lr_0'));

  const records = [...(await guestRows())].filter(([id]) => seen.trained?.has(id));
  seen.served = new Map();
  seen.refused = [];
  for (let start = 0; start < records.length; start += BATCH) {
    const batch = records.slice(start, start + BATCH);
    const answer = await guest.post('/federation/v1/batchInference', {
      head: { serviceId: SERVICE_ID },
      body: {
        batchDataList: batch.map(([id, featureData], index) => ({
          index,
          featureData,
          sendToRemoteFeatureData: { id },
        })),
      },
    });
    const list = (answer.data as { batchDataList?: { index: number; retcode: number; data?: { score: number } }[] })
      ?.batchDataList;
    for (const result of list ?? [answer]) {
      const id = batch[(result as { index: number }).index]?.[0];
      const value = (result as { data?: { score?: unknown } }).data?.score;
      if (id !== undefined && typeof value === 'number') seen.served.set(id, value);
      else seen.refused.push(result);
    }
  }
  const [, first] = records[0] ?? ['', {}];
  seen.unknownId = await guest.post('/federation/v1/inference', {
    head: { serviceId: SERVICE_ID },
    body: { featureData: first, sendToRemoteFeatureData: { id: 'no-such-id' } },
  });
};

function define(): void {
  it('serves the deployed model online: deploy, load, and bind at the guest and at the host succeed', () => {
    expect(seen.deploy?.retcode).toBe(0);
    expect(seen.load).toMatchObject({ retcode: 0, data: { host: { [HOST]: 0 } } });
    expect(seen.binds?.map((bind) => [bind.retcode, bind.retmsg])).toEqual([
      [0, `service id is ${SERVICE_ID}`],
      [0, `service id is ${SERVICE_ID}`],
    ]);
  });

  it("scores every breast row through the guest's inference route as batch predict does, to 1e-9", () => {
    expect(seen.refused).toEqual([]);
    expect(seen.trained?.size).toBe(569);
    expect([...(seen.served?.keys() ?? [])].sort()).toEqual([...(seen.trained?.keys() ?? [])].sort());
    const worst = Math.max(
      ...[...(seen.served ?? [])].map(([id, score]) => Math.abs(score - (seen.trained?.get(id) ?? Number.NaN))),
    );
    expect(worst).toBeLessThan(1e-9);
  });

  it('refuses an id the host has no row for with 113 and no score', () => {
    expect(seen.unknownId).toEqual({
      retcode: 113,
      retmsg: `host ${HOST}: no features for id "no-such-id" at this host`,
    });
  });
}

export const inferenceSuite: HeteroLrSuite = { afterJob, define };
