import type { PartyRef } from '../../../../functions/domain/job/roles.js';
import type { InputModel, InputTable } from '../../../../runner/components/component.js';
import { HeteroLR } from '../../../../runner/components/hetero-lr.js';
import { fakeContext, inputTable, type Written } from '../support/fake-context.js';
import { memoryFederation } from '../support/memory-federation.js';

/**
 * Small hetero data that is not separable (a few labels flipped), so AUC and KS move between
 * iterations. Every feature is a multiple of 1/16: the 2^23 fixed-point encoding is exact and the
 * encrypted run equals the plain one. Train rows t0…, validate rows v0… (other values, same columns).
 */
function rows(prefix: string, count: number, seed: number) {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  const guest = ids.map((_, i) => [(((i * 7 + seed) % 9) - 4) / 4, (((i * 5 + seed) % 11) - 5) / 16]);
  const host = ids.map((_, i) => [(((i * 3 + seed) % 13) - 6) / 8, ((i + seed) % 4) / 4]);
  const labels = ids.map((_, i) => {
    const side = (guest[i]?.[0] ?? 0) + (host[i]?.[0] ?? 0) > 0 ? 1 : 0;
    return (i + seed) % 6 === 0 ? 1 - side : side;
  });
  return { ids, guest, host, labels };
}

export const TRAIN = rows('t', 36, 1);
export const VALIDATE = rows('v', 24, 4);

const csv = (header: string[], lines: (string | number)[][]) =>
  `${[header, ...lines].map((line) => line.join(',')).join('\n')}\n`;

export const guestTable = (data: typeof TRAIN, name: string): InputTable =>
  inputTable(
    name,
    csv(
      ['id', 'y', 'x0', 'x1'],
      data.ids.map((id, i) => [id, data.labels[i] ?? 0, ...(data.guest[i] ?? [])]),
    ),
    { label_name: 'y', with_label: true },
  );

/** The host's rows in reverse order: every exchange must go by id. */
export const hostTable = (data: typeof TRAIN, name: string): InputTable =>
  inputTable(name, csv(['id', 'h0', 'h1'], data.ids.map((id, i) => [id, ...(data.host[i] ?? [])]).reverse()), {
    label_name: null,
    with_label: false,
  });

export const guest: PartyRef = { role: 'guest', partyId: 9999 };
export const host: PartyRef = { role: 'host', partyId: 10000 };
export const arbiter: PartyRef = { role: 'arbiter', partyId: 10000 };
export const PARTIES = [guest, host, arbiter] as const;

export type PartyInputs = {
  readonly inputs: Record<string, InputTable[]>;
  readonly model?: InputModel;
};

/** Runs HeteroLR at the three parties with what each is given, as the runner would; returns what each wrote. */
export async function runHetero(
  parameters: Record<string, unknown>,
  given: readonly PartyInputs[],
): Promise<Written[]> {
  const federation = memoryFederation({ guest: [9999], host: [10000], arbiter: [10000] });
  const runs = PARTIES.map((party, p) => {
    const { inputs, model } = given[p] ?? { inputs: {} };
    const { ctx, written } = fakeContext(
      party,
      HeteroLR.parameters.parse(parameters),
      federation.channel(party),
      inputs,
      'HeteroLR',
      model === undefined ? {} : { model: [model] },
    );
    return { run: HeteroLR.run(ctx), written };
  });
  await Promise.all(runs.map((r) => r.run));
  return runs.map((r) => r.written);
}

/** The training inputs as the runner gives them: the arbiter has the same kinds, without tables. */
export function trainingInputs(withValidate: boolean): PartyInputs[] {
  const kinds = (g: InputTable[], v: InputTable[]) => ({
    train_data: g,
    ...(withValidate ? { validate_data: v } : {}),
  });
  return [
    { inputs: kinds([guestTable(TRAIN, 'train')], [guestTable(VALIDATE, 'validate')]) },
    { inputs: kinds([hostTable(TRAIN, 'train')], [hostTable(VALIDATE, 'validate')]) },
    { inputs: kinds([], []) },
  ];
}

/** Each party's model output as the next component would read it (input.model "hetero_lr_0.model"). */
export function modelInputs(written: readonly Written[]): InputModel[] {
  return written.map((w) => ({
    name: 'hetero_lr_0.model',
    component: 'hetero_lr_0',
    model: w.models.get('model')?.model,
    meta: w.models.get('model')?.meta ?? {},
  }));
}

export type LrModelJson = {
  weight: Record<string, number>;
  intercept: number;
  iters: number;
  loss_history: number[];
  best_iteration: number;
};
export const modelOf = (w: Written | undefined): LrModelJson => w?.models.get('model')?.model as LrModelJson;

/** The data output's rows as cells, header dropped. */
export const outputRows = (w: Written | undefined): string[][] =>
  (w?.data.get('data')?.csv.trim().split('\n') ?? []).slice(1).map((line) => line.split(','));
