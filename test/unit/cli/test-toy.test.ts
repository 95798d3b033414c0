import { describe, expect, it } from '@jest/globals';
import { expandFateFlags } from '../../../cli/commands/fate-flags.js';
import { toyJob } from '../../../cli/commands/test-toy.js';
import { productionCatalog } from '../../../components/catalog.js';
import { planJob } from '../../../functions/domain/plan/plan-job.js';

describe('flow test toy', () => {
  it("takes FATE's -gid and -hid", () => {
    expect(expandFateFlags(['node', 'flow', 'test', 'toy', '-gid', '9999', '-hid', '10000'])).toEqual([
      'node',
      'flow',
      'test',
      'toy',
      '--guest-party-id',
      '9999',
      '--host-party-id',
      '10000',
    ]);
  });

  it("submits FATE's toy job, which a production site plans with each party's seed", () => {
    const { job_dsl: dsl, job_runtime_conf: conf } = toyJob({
      guestPartyId: '9999',
      hostPartyId: '10000',
      taskCores: 2,
    });
    const plan = planJob(dsl, conf, { catalog: productionCatalog, strict: true });
    expect(
      plan.parties.map((party) => [party.role, party.partyId, party.tasks.map((task) => task.parameters)]),
    ).toEqual([
      ['guest', 9999, [{ seed: 123, partition: 4, data_num: 1000 }]],
      ['host', 10000, [{ seed: 321, partition: 4, data_num: 1000 }]],
    ]);
  });
});
