import { describe, expect, it } from '@jest/globals';
import type { PartyRef } from '../../../../functions/domain/job/roles.js';
import type { InputTable } from '../../../../runner/components/component.js';
import { HomoLR } from '../../../../runner/components/homo-lr.js';
import { fakeContext, inputTable, type Written } from '../support/fake-context.js';
import { memoryFederation } from '../support/memory-federation.js';
import { type Client, plainFedAvg } from './plain-fedavg.js';

/** Rows split by party, separable by x0 + x1 > 0 with a margin of 1.5. */
function clientData(rows: number, offset: number): Client {
  const x = Array.from({ length: rows }, (_, i) => {
    const a = (((i + offset) * 7) % 9) / 4 - 1;
    const b = (((i + offset) * 5) % 11) / 8 - 0.6;
    const side = a + b >= 0 ? 1.5 : -1.5;
    return [a + side, b];
  });
  return { x, y: x.map(([a = 0, b = 0]) => (a + b > 0 ? 1 : 0)) };
}
const csvOf = (client: Client, prefix: string) =>
  `id,y,x0,x1\n${client.x.map((x, i) => `${prefix}${i},${client.y[i]},${x.join(',')}`).join('\n')}\n`;

const guest: PartyRef = { role: 'guest', partyId: 9999 };
const hosts: PartyRef[] = [
  { role: 'host', partyId: 10000 },
  { role: 'host', partyId: 10001 },
];
const arbiter: PartyRef = { role: 'arbiter', partyId: 10000 };
const data = [clientData(30, 0), clientData(20, 13), clientData(25, 29)];
const settings = { learningRate: 1, alpha: 0.01, maxIter: 30, aggregateIters: 3 };
const parameters = {
  penalty: 'L2',
  alpha: settings.alpha,
  optimizer: 'sgd',
  learning_rate: settings.learningRate,
  max_iter: settings.maxIter,
  aggregate_iters: settings.aggregateIters,
  early_stop: 'weight_diff',
  tol: 0,
  init_param: { init_method: 'zeros' },
  encrypt_param: { method: null },
};

async function train(clientCount: 2 | 3) {
  const clients = [guest, ...hosts.slice(0, clientCount - 1)];
  const federation = memoryFederation({
    guest: [9999],
    host: clients.slice(1).map((h) => h.partyId),
    arbiter: [10000],
  });
  const runs = [...clients, arbiter].map((party, c) => {
    const client = data[c];
    const inputs: Record<string, InputTable[]> =
      party.role === 'arbiter' || client === undefined
        ? { train_data: [] }
        : {
            train_data: [
              inputTable('scale_0.data', csvOf(client, `${party.partyId}-`), { label_name: 'y', with_label: true }),
            ],
          };
    const { ctx, written } = fakeContext(
      party,
      HomoLR.parameters.parse(parameters),
      federation.channel(party),
      inputs,
      'HomoLR',
    );
    return { run: HomoLR.run(ctx), written };
  });
  await Promise.all(runs.map((r) => r.run));
  return {
    written: runs.map((r) => r.written),
    federation,
    reference: plainFedAvg(data.slice(0, clientCount), settings),
  };
}

type Model = { weight: Record<string, number>; intercept: number; iters: number; loss_history: number[] };
const modelOf = (written: Written | undefined) => written?.models.get('model')?.model as Model;
const predictions = (written: Written | undefined) =>
  (written?.data.get('data')?.csv ?? '')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));

describe('HomoLR with guest, hosts and arbiter through the federation', () => {
  it.each([2, 3] as const)('learns the plain FedAvg model with %i clients, every training row right', async (count) => {
    const { written, reference } = await train(count);
    for (const w of written) {
      const model = modelOf(w);
      expect(model.weight.x0).toBeCloseTo(reference.w[0] ?? Number.NaN, 9);
      expect(model.weight.x1).toBeCloseTo(reference.w[1] ?? Number.NaN, 9);
      expect(model.intercept).toBeCloseTo(reference.b, 9);
      expect(model.iters).toBe(30);
      expect(model.loss_history).toHaveLength(10);
    }
    const arbiterWritten = written[count];
    (arbiterWritten?.metrics.get('train/loss') ?? []).forEach(([epoch, loss], r) => {
      expect(epoch).toBe(3 * r + 2);
      expect(loss).toBeCloseTo(reference.losses[r] ?? Number.NaN, 9);
    });
    expect(arbiterWritten?.metrics.get('train/loss')).toHaveLength(10);
    for (const w of written.slice(0, count)) {
      const rows = predictions(w);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((cells) => cells[1] !== cells[2])).toEqual([]);
      expect(new Set(rows.map((cells) => cells[5]))).toEqual(new Set(['train']));
    }
    expect(arbiterWritten?.data.get('data')?.csv).toBe('id,label,predict_result,predict_score,predict_detail,type\n');
  });

  it('sends the arbiter only masked models, and the mask keys only between clients', async () => {
    const { federation } = await train(3);
    const toArbiter = new Set(
      federation.sent.filter((m) => m.to.role === 'arbiter').map((m) => m.tag.replace(/\d+/, 'r')),
    );
    expect(toArbiter).toEqual(new Set(['homo_lr.header', 'homo_lr.r.masked_model']));
    const keys = federation.sent.filter((m) => m.tag === 'homo_lr.mask_public_key');
    expect(keys.map((m) => `${m.from.partyId}>${m.to.role} ${m.to.partyId}`).sort()).toEqual([
      '10000>guest 9999',
      '10000>host 10001',
      '10001>guest 9999',
      '10001>host 10000',
      '9999>host 10000',
      '9999>host 10001',
    ]);
  });

  it('refuses Paillier and FedProx at submit, saying why', () => {
    expect(HomoLR.parameters.safeParse({ encrypt_param: { method: 'Paillier' } }).error?.issues[0]?.message).toBe(
      'encrypt_param.method must be null for HomoLR: Paillier homo training is not implemented (models are secure-aggregated instead)',
    );
    expect(HomoLR.parameters.safeParse({ use_proximal: true }).error?.issues[0]?.message).toBe(
      'FedProx (use_proximal) is not implemented',
    );
  });
});
