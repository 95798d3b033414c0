import type { PartyRef, RoleParties } from '../../../../functions/domain/job/roles.js';
import type { InputTable, RunnableComponent } from '../../../../runner/components/component.js';
import { DataTransform } from '../../../../runner/components/data-transform.js';
import { Evaluation } from '../../../../runner/components/evaluation.js';
import { FeatureScale } from '../../../../runner/components/feature-scale.js';
import { HeteroLR } from '../../../../runner/components/hetero-lr.js';
import { HomoLR } from '../../../../runner/components/homo-lr.js';
import { Intersection } from '../../../../runner/components/intersection.js';
import { Reader } from '../../../../runner/components/reader.js';
import { SecureAddExample } from '../../../../runner/components/secure-add-example.js';
import { fakeContext, inputTable, type Written } from '../support/fake-context.js';
import { memoryFederation } from '../support/memory-federation.js';

/**
 * Each shipped component run on a small fixed input, reduced to what a user can see of the run:
 * every party's data and model outputs, metrics and log lines (timings blanked), or the error.
 * Two runs behave alike exactly when their fingerprints are equal.
 */
export type Behaviour = (parameters: Record<string, unknown>, guestOnly?: Record<string, unknown>) => Promise<string>;

const timings = (line: string) => line.replace(/\d+(\.\d+)? (ms|s)\b/g, 'T');

function fingerprint(written: readonly Written[], settled: readonly PromiseSettledResult<void>[]): string {
  return JSON.stringify(
    written.map((w, p) => ({
      data: [...w.data.entries()],
      models: [...w.models.entries()],
      metrics: [...w.metrics.entries()],
      logs: w.logs.map(timings),
      error: settled[p]?.status === 'rejected' ? String((settled[p] as PromiseRejectedResult).reason) : null,
    })),
  );
}

interface PartyRun {
  readonly party: PartyRef;
  readonly inputs: Record<string, InputTable[]>;
}

async function runParties(
  component: RunnableComponent,
  roles: RoleParties,
  parties: readonly PartyRun[],
  parameters: Record<string, unknown>,
  guestOnly: Record<string, unknown> = {},
  timeoutMs = 60_000,
): Promise<string> {
  const federation = memoryFederation(roles, timeoutMs);
  const runs = parties.map(({ party, inputs }) => {
    const own = party.role === 'guest' ? { ...parameters, ...guestOnly } : parameters;
    const { ctx, written } = fakeContext(
      party,
      component.parameters.parse(own),
      federation.channel(party),
      inputs,
      component.module,
    );
    const readTable = async (namespace: string, name: string) =>
      inputTable(`${namespace}.${name}`, `id,x\n${name}-1,1\n${name}-2,2\n`);
    return { run: component.run({ ...ctx, readTable }), written };
  });
  const settled = await Promise.allSettled(runs.map((r) => r.run));
  return fingerprint(
    runs.map((r) => r.written),
    settled,
  );
}

const guest: PartyRef = { role: 'guest', partyId: 9999 };
const host: PartyRef = { role: 'host', partyId: 10000 };
const arbiter: PartyRef = { role: 'arbiter', partyId: 10000 };
const labelled = { label_name: 'y', with_label: true };

/** Up to 16 rows of two guest and two host features (not multiples of 2^-k, so precision shows), labels not separable. */
const ids = Array.from({ length: 16 }, (_, i) => `r${i}`);
const cell = (i: number, k: number) => String(Math.round(Math.sin(i * 1.7 + k) * 1000) / 997);
const label = (i: number) => String(Math.sin(i * 1.7) + Math.sin(i * 1.7 + 2) + (i % 5 === 0 ? 1 : 0) > 0 ? 1 : 0);
const guestCsv = (rows: number[]) =>
  `id,y,x0,x1\n${rows.map((i) => `${ids[i]},${label(i)},${cell(i, 0)},${cell(i, 1)}`).join('\n')}\n`;
const hostCsv = (rows: number[]) =>
  `id,h0,h1\n${rows.map((i) => `${ids[i]},${cell(i, 2)},${cell(i, 3)}`).join('\n')}\n`;
const trainRows = Array.from({ length: 12 }, (_, i) => i);
const validateRows = [12, 13, 14, 15, 0, 1];

const lrInputs = (party: PartyRef): Record<string, InputTable[]> => {
  if (party.role === 'arbiter') return { train_data: [], validate_data: [] };
  const make = party.role === 'guest' ? guestCsv : hostCsv;
  const meta = party.role === 'guest' ? labelled : { with_label: false };
  return {
    train_data: [inputTable('train.data', make(trainRows), meta)],
    validate_data: [inputTable('validate.data', make(validateRows), meta)],
  };
};
const homoInputs = (party: PartyRef): Record<string, InputTable[]> => {
  if (party.role === 'arbiter') return { train_data: [], validate_data: [] };
  const rows = party.role === 'guest' ? trainRows.slice(0, 6) : trainRows.slice(6);
  return {
    train_data: [inputTable('train.data', guestCsv(rows), labelled)],
    validate_data: [inputTable('validate.data', guestCsv(validateRows), labelled)],
  };
};
const three = { guest: [9999], host: [10000], arbiter: [10000] };

/** Runs are deterministic (seeded, exact arithmetic), so one run per module and parameters is enough. */
const seen = new Map<string, Promise<string>>();
function once(module: string, run: Behaviour): Behaviour {
  return (parameters, guestOnly) => {
    const key = JSON.stringify([module, parameters, guestOnly ?? null]);
    const known = seen.get(key) ?? run(parameters, guestOnly);
    seen.set(key, known);
    return known;
  };
}

/** The base parameters of each run (deterministic: seeded, small keys) and how the component behaves with more. */
const RUNS: Record<string, { readonly base: Record<string, unknown>; readonly run: Behaviour }> = {
  Reader: {
    base: { table: { namespace: 'experiment', name: 'breast' } },
    run: (p) => runParties(Reader, { guest: [9999] }, [{ party: guest, inputs: {} }], p),
  },
  DataTransform: {
    base: {},
    run: (p) =>
      runParties(
        DataTransform,
        { guest: [9999] },
        [
          {
            party: guest,
            inputs: { data: [inputTable('reader_0.data', 'id,y,x0,x1\n1,1,0.5,-1\n2,0,1.25,NA\n3,1,4,2\n')] },
          },
        ],
        p,
      ),
  },
  Intersection: {
    base: {},
    run: (p, guestOnly) =>
      runParties(
        Intersection,
        { guest: [9999], host: [10000] },
        [
          { party: guest, inputs: { data: [inputTable('t.data', guestCsv([0, 1, 2, 3, 5]), labelled)] } },
          { party: host, inputs: { data: [inputTable('t.data', hostCsv([3, 2, 7, 0]), { with_label: false })] } },
        ],
        p,
        guestOnly,
        1_000,
      ),
  },
  HeteroLR: {
    base: { encrypt_param: { key_length: 512 }, max_iter: 2, init_param: { random_seed: 7 } },
    run: (p) =>
      runParties(
        HeteroLR,
        three,
        [guest, host, arbiter].map((party) => ({ party, inputs: lrInputs(party) })),
        p,
      ),
  },
  HomoLR: {
    base: { max_iter: 3, init_param: { random_seed: 7 } },
    run: (p) =>
      runParties(
        HomoLR,
        three,
        [guest, host, arbiter].map((party) => ({ party, inputs: homoInputs(party) })),
        p,
      ),
  },
  // Seeded (FATE's seed), so its values, and the sums both parties log, are the same every run.
  SecureAddExample: {
    base: { seed: 7, data_num: 10 },
    run: (p) =>
      runParties(
        SecureAddExample,
        { guest: [9999], host: [10000] },
        [
          { party: guest, inputs: {} },
          { party: host, inputs: {} },
        ],
        p,
      ),
  },
  Evaluation: {
    base: {},
    run: (p) =>
      runParties(
        Evaluation,
        { guest: [9999] },
        [
          {
            party: guest,
            inputs: {
              data: [
                inputTable(
                  'hetero_lr_0.data',
                  'id,label,predict_result,predict_score,predict_detail,type\n' +
                    '1,1,1,0.9,0:0.1;1:0.9,train\n2,0,1,0.6,0:0.4;1:0.6,train\n3,1,0,0.3,0:0.7;1:0.3,train\n4,0,0,0.2,0:0.8;1:0.2,train\n',
                ),
              ],
            },
          },
        ],
        p,
      ),
  },
  FeatureScale: {
    base: {},
    run: (p) =>
      runParties(
        FeatureScale,
        { guest: [9999] },
        [
          {
            party: guest,
            inputs: { data: [inputTable('t.data', 'id,y,a,b\n1,1,1,10\n2,0,2,20\n3,1,3,30\n4,0,4,0\n', labelled)] },
          },
        ],
        p,
      ),
  },
};

export const BEHAVIOURS = Object.fromEntries(
  Object.entries(RUNS).map(([module, { base, run }]) => [module, { base, run: once(module, run) }]),
);
