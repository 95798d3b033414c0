import { describe, expect, it } from '@jest/globals';
import { plainHeteroLr, type ReferenceSetup } from '../../../../bench/plain-hetero-lr.js';
import type { PartyRef } from '../../../../functions/domain/job/roles.js';
import type { InputTable } from '../../../../runner/components/component.js';
import { miniBatches, seededRandom } from '../../../../runner/components/hetero-lr/setup.js';
import { HeteroLR } from '../../../../runner/components/hetero-lr.js';
import { fakeContext, inputTable, type Written } from '../support/fake-context.js';
import { memoryFederation } from '../support/memory-federation.js';

/**
 * 40 rows, separable by x_g0 + x_h0 > 0; every feature a multiple of 1/16, so FATE's 2^23
 * fixed-point encoding of the features is exact and the encrypted run must equal the plain one.
 */
const ROWS = 40;
const guestX = Array.from({ length: ROWS }, (_, i) => [((i % 9) - 4) / 4, ((i * 7) % 11) / 16 - 0.25]);
// h0 is pushed half a unit away from the boundary x_g0 + h0 = 0, so the classes have a margin.
const hostX = Array.from({ length: ROWS }, (_, i) => {
  const h0 = ((i * 5) % 13) / 8 - 0.75;
  const side = (guestX[i]?.[0] ?? 0) + h0 >= 0 ? 0.5 : -0.5;
  return [h0 + side, ((i * 3) % 7) / 16, (i % 4) / 2];
});
const hostX2 = Array.from({ length: ROWS }, (_, i) => [((i * 11) % 5) / 4 - 0.5]);
const labels = guestX.map((x, i) => ((x[0] ?? 0) + (hostX[i]?.[0] ?? 0) > 0 ? 1 : 0));
const ids = Array.from({ length: ROWS }, (_, i) => `id${i}`);
const csv = (header: string[], rows: (string | number)[][]) =>
  `${[header, ...rows].map((r) => r.join(',')).join('\n')}\n`;
const guestCsv = csv(
  ['id', 'y', 'x0', 'x1'],
  ids.map((id, i) => [id, labels[i] ?? 0, ...(guestX[i] ?? [])]),
);
// The host's rows in another order than the guest's: batches travel as ids.
const hostCsv = csv(['id', 'h0', 'h1', 'h2'], ids.map((id, i) => [id, ...(hostX[i] ?? [])]).reverse());
const host2Csv = csv(
  ['id', 'k0'],
  ids.map((id, i) => [id, ...(hostX2[i] ?? [])]),
);

const guest: PartyRef = { role: 'guest', partyId: 9999 };
const host: PartyRef = { role: 'host', partyId: 10000 };
const host2: PartyRef = { role: 'host', partyId: 10001 };
const arbiter: PartyRef = { role: 'arbiter', partyId: 10000 };

async function train(parameters: Record<string, unknown>, twoHosts = false) {
  const hosts = twoHosts ? [host, host2] : [host];
  const federation = memoryFederation({ guest: [9999], host: hosts.map((h) => h.partyId), arbiter: [10000] });
  const tables: [PartyRef, string | undefined, Record<string, unknown>][] = [
    [guest, guestCsv, { label_name: 'y', with_label: true }],
    [host, hostCsv, { label_name: null, with_label: false }],
    ...(twoHosts ? [[host2, host2Csv, { with_label: false }] as [PartyRef, string, Record<string, unknown>]] : []),
    [arbiter, undefined, {}],
  ];
  const runs = tables.map(([party, table, meta]) => {
    const inputs: Record<string, InputTable[]> =
      table === undefined ? { train_data: [] } : { train_data: [inputTable('intersection_0.data', table, meta)] };
    const { ctx, written } = fakeContext(
      party,
      HeteroLR.parameters.parse(parameters),
      federation.channel(party),
      inputs,
      'HeteroLR',
    );
    return { run: HeteroLR.run(ctx), written };
  });
  await Promise.all(runs.map((r) => r.run));
  return { written: runs.map((r) => r.written), federation };
}

type Model = {
  weight: Record<string, number>;
  intercept: number;
  iters: number;
  is_converged: boolean;
  loss_history: number[];
};
const modelOf = (written: Written | undefined): Model => written?.models.get('model')?.model as Model;

const base = {
  penalty: 'L2',
  alpha: 0.01,
  optimizer: 'rmsprop',
  learning_rate: 0.15,
  init_param: { init_method: 'zeros' },
  max_iter: 12,
  tol: 0,
  shuffle: false,
  encrypt_param: { key_length: 512 },
};

/** The plain run of `base`'s settings on the test's guest and host, over the given batches. */
const plainRun = (setup: Pick<ReferenceSetup, 'batches' | 'iterations' | 'optimizer'> & Partial<ReferenceSetup>) =>
  plainHeteroLr({ guest: guestX, hosts: [hostX], labels, learningRate: 0.15, alpha: 0.01, ...setup });

describe('HeteroLR between a guest, a host and an arbiter', () => {
  it('learns the same weights and losses as plain Taylor-approximated logistic regression', async () => {
    const { written, federation } = await train(base);
    // Each party got ready to send to the two others before its first message.
    expect(federation.prepared).toEqual(
      expect.arrayContaining([
        { from: arbiter, to: guest },
        { from: arbiter, to: host },
        { from: guest, to: host },
        { from: guest, to: arbiter },
        { from: host, to: guest },
        { from: host, to: arbiter },
      ]),
    );
    expect(federation.prepared).toHaveLength(6);
    const reference = plainRun({
      batches: [Array.from({ length: ROWS }, (_, i) => i)],
      iterations: 12,
      optimizer: 'rmsprop',
    });
    const guestModel = modelOf(written[0]);
    const hostModel = modelOf(written[1]);
    expect(Object.keys(guestModel.weight)).toEqual(['x0', 'x1']);
    [guestModel.weight.x0, guestModel.weight.x1, guestModel.intercept].forEach((value, j) => {
      expect(value).toBeCloseTo([...reference.guest, reference.intercept][j] ?? Number.NaN, 6);
    });
    ['h0', 'h1', 'h2'].forEach((name, j) => {
      expect(hostModel.weight[name]).toBeCloseTo(reference.hosts[0]?.[j] ?? Number.NaN, 6);
    });
    guestModel.loss_history.forEach((loss, t) => {
      expect(loss).toBeCloseTo(reference.losses[t] ?? Number.NaN, 8);
    });
    expect(guestModel.loss_history).toHaveLength(12);
    expect(modelOf(written[2]).loss_history).toEqual(guestModel.loss_history);
    expect(written[2]?.metrics.get('train/loss')?.map(([t]) => t)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('predicts every training row right on separable data, in FATE prediction table form', async () => {
    const { written } = await train(base);
    const lines = written[0]?.data.get('data')?.csv.trim().split('\n') ?? [];
    expect(lines[0]).toBe('id,label,predict_result,predict_score,predict_detail,type');
    const rows = lines.slice(1).map((line) => line.split(','));
    expect(rows.map((cells) => cells[0])).toEqual(ids);
    expect(rows.filter((cells) => cells[1] === cells[2])).toHaveLength(ROWS);
    const first = rows[0] ?? [];
    expect(first[4]).toBe(`0:${1 - Number(first[3])};1:${first[3]}`);
    expect(first[5]).toBe('train');
    expect(written[1]?.data.get('data')?.csv).toBe('id,label,predict_result,predict_score,predict_detail,type\n');
  });

  it('follows the same updates over two mini-batches with sgd', async () => {
    // masked_rate 0: FATE shuffles full batches whenever masked_rate > 0, whatever shuffle says.
    const { written } = await train({ ...base, optimizer: 'sgd', batch_size: 20, max_iter: 6, masked_rate: 0 });
    const reference = plainRun({
      batches: [Array.from({ length: 20 }, (_, i) => i), Array.from({ length: 20 }, (_, i) => i + 20)],
      iterations: 6,
      optimizer: 'sgd',
    });
    const guestModel = modelOf(written[0]);
    expect(guestModel.weight.x0).toBeCloseTo(reference.guest[0] ?? Number.NaN, 6);
    expect(guestModel.intercept).toBeCloseTo(reference.intercept, 6);
    expect(modelOf(written[1]).weight.h2).toBeCloseTo(reference.hosts[0]?.[2] ?? Number.NaN, 6);
    expect(guestModel.loss_history[5]).toBeCloseTo(reference.losses[5] ?? Number.NaN, 8);
    expect(guestModel.loss_history.every((loss, t) => t === 0 || loss < (guestModel.loss_history[t - 1] ?? 0))).toBe(
      true,
    );
  });

  it("reshuffles the mini-batches every iteration as FATE does with shuffle, the same as the plain run on each iteration's batches", async () => {
    const { written, federation } = await train({
      ...base,
      optimizer: 'sgd',
      batch_size: 16,
      max_iter: 4,
      shuffle: true,
      init_param: { init_method: 'zeros', random_seed: 11 },
    });
    // The guest's draws in its order: the first batches, then one reshuffle per later iteration
    // (zeros draw nothing for the weights).
    const random = seededRandom(11);
    const drawn = Array.from({ length: 4 }, () => miniBatches(ROWS, 16, true, random));
    const reference = plainRun({ batches: [], batchesAt: (t) => drawn[t] ?? [], iterations: 4, optimizer: 'sgd' });
    const guestModel = modelOf(written[0]);
    expect(guestModel.weight.x0).toBeCloseTo(reference.guest[0] ?? Number.NaN, 6);
    expect(guestModel.intercept).toBeCloseTo(reference.intercept, 6);
    expect(modelOf(written[1]).weight.h2).toBeCloseTo(reference.hosts[0]?.[2] ?? Number.NaN, 6);
    guestModel.loss_history.forEach((loss, t) => {
      expect(loss).toBeCloseTo(reference.losses[t] ?? Number.NaN, 8);
    });
    // The batches changed between iterations, and the hosts were told each iteration's ahead of it.
    expect(new Set(drawn.map((batches) => JSON.stringify(batches))).size).toBe(4);
    const toHost = federation.sent.filter((m) => m.from.role === 'guest' && m.to.role === 'host');
    expect(toHost.map((m) => m.tag).filter((tag) => tag.endsWith('batch_ids'))).toEqual([
      'lr.batch_ids',
      'lr.1.batch_ids',
      'lr.2.batch_ids',
      'lr.3.batch_ids',
    ]);
  });

  it('sends the batches once when they are not shuffled (masked_rate 0), or are one batch', async () => {
    const once = await train({ ...base, batch_size: 20, max_iter: 3, masked_rate: 0 });
    const whole = await train({ ...base, shuffle: true, max_iter: 3 });
    for (const { federation } of [once, whole]) {
      expect(federation.sent.map((m) => m.tag).filter((tag) => tag.endsWith('batch_ids'))).toEqual(['lr.batch_ids']);
    }
  });

  it('shuffles full batches with masked_rate > 0 even when shuffle is false, as FATE 1.11 does, and says so', async () => {
    const { written, federation } = await train({ ...base, batch_size: 20, max_iter: 3 });
    expect(federation.sent.map((m) => m.tag).filter((tag) => tag.endsWith('batch_ids'))).toEqual([
      'lr.batch_ids',
      'lr.1.batch_ids',
      'lr.2.batch_ids',
    ]);
    expect(written[0]?.logs).toEqual(
      expect.arrayContaining([
        'shuffle is false, but the mini-batches are shuffled: FATE shuffles full batches whenever masked_rate > 0 (5)',
        "masked_rate 5: FATE would show the hosts each batch among 40 rows with zero residuals, hiding which rows it holds; here they see each batch's own rows (the same model)",
      ]),
    );
  });

  it('says nothing of masked batches with masked_rate 0 or a single batch', async () => {
    const unmasked = await train({ ...base, batch_size: 20, max_iter: 1, masked_rate: 0 });
    const single = await train({ ...base, max_iter: 1 });
    for (const { written } of [unmasked, single]) {
      expect(written[0]?.logs.filter((line) => line.startsWith('masked_rate'))).toEqual([]);
    }
  });

  it('trains with two hosts and stops every party at the same iteration by weight_diff', async () => {
    const { written } = await train({ ...base, early_stop: 'weight_diff', tol: 0.05, max_iter: 30 }, true);
    const reference = plainHeteroLr({
      guest: guestX,
      hosts: [hostX, hostX2],
      labels,
      batches: [Array.from({ length: ROWS }, (_, i) => i)],
      iterations: modelOf(written[0]).iters,
      learningRate: 0.15,
      alpha: 0.01,
      optimizer: 'rmsprop',
    });
    const iters = written.map((w) => modelOf(w).iters);
    expect(new Set(iters).size).toBe(1);
    expect(iters[0]).toBeLessThan(30);
    expect(written.map((w) => modelOf(w).is_converged)).toEqual([true, true, true, true]);
    expect(modelOf(written[0]).loss_history).toEqual([]);
    expect(modelOf(written[2]).weight.k0).toBeCloseTo(reference.hosts[1]?.[0] ?? Number.NaN, 6);
  });
});
