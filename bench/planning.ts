import { readFileSync } from 'node:fs';
import { planJob } from '../functions/domain/plan/plan-job.js';
import { type Figure, median } from './report.js';

/**
 * How long validating + planning a job takes: FATE's hetero-LR shape (5 components, 3 parties) and
 * a wide generated DAG (200 components, 10 levels, 5 parties). Submit pays this once per job.
 */
const load = (path: string): unknown => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));

function wideJob(levels: number, width: number): { dsl: unknown; conf: unknown } {
  const components: Record<string, unknown> = {};
  for (let level = 0; level < levels; level += 1) {
    for (let i = 0; i < width; i += 1) {
      const input =
        level === 0
          ? undefined
          : { data: { data: [`c${level - 1}_${i}.data`, `c${level - 1}_${(i + 1) % width}.data`] } };
      components[`c${level}_${i}`] = {
        module: level === 0 ? 'Reader' : 'Transform',
        input,
        output: { data: ['data'] },
      };
    }
  }
  const conf = {
    dsl_version: 2,
    initiator: { role: 'guest', party_id: 9999 },
    role: { guest: [9999], host: [10000, 10001, 10002], arbiter: [10003] },
    component_parameters: {
      common: { c1_0: { alpha: 1 } },
      role: { host: { all: { c0_0: { table: { name: 't', namespace: 'n' } } } } },
    },
  };
  return { dsl: { components }, conf };
}

function timePlans(dsl: unknown, conf: unknown, runs: number, perRun: number): number[] {
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    for (let i = 0; i < perRun; i += 1) planJob(dsl, conf);
    samples.push((performance.now() - start) / perRun);
  }
  return samples;
}

export function benchPlanning(): Figure[] {
  const heteroDsl = load('../examples/hetero-lr/dsl.json');
  const heteroConf = load('../examples/hetero-lr/conf.json');
  const wide = wideJob(10, 20);
  timePlans(heteroDsl, heteroConf, 3, 200); // warm up the JIT
  const runs = 21;
  const hetero = median(timePlans(heteroDsl, heteroConf, runs, 200));
  const large = median(timePlans(wide.dsl, wide.conf, runs, 5));
  return [
    { metric: 'plan_hetero_lr_ms', value: hetero, unit: 'ms', runs },
    { metric: 'plans_per_second_hetero_lr', value: 1000 / hetero, unit: 'jobs/s', runs },
    { metric: 'plan_200_components_5_parties_ms', value: large, unit: 'ms', runs },
  ];
}
