import { describe, expect, it } from '@jest/globals';
import { ArgumentError } from '../../../../functions/domain/errors.js';
import { submitJob } from '../../../../functions/services/jobs/submit-job.js';
import { fakeFederation, GUEST, HOST } from '../../../support/fakes/fake-federation.js';
import { component, jobOf } from '../../../support/fakes/fake-jobs.js';

/** A FATE job naming a module these sites cannot run (HeteroSecureBoost). */
const unknownModule = {
  ...jobOf({ arbiter: false, components: { source_0: component('PassThrough') } }),
  job_dsl: {
    components: {
      source_0: component('PassThrough'),
      boost_0: { module: 'HeteroSecureBoost', input: { data: { train_data: ['source_0.data'] } } },
    },
  },
};

describe('submit of a job naming a module the site cannot run', () => {
  it('is refused with retcode 101 naming the module and what the site knows, and nothing is stored or sent', async () => {
    const federation = fakeFederation();
    const { guest, host, network } = federation;

    const refusal = await submitJob(guest.services, unknownModule).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(refusal).toBeInstanceOf(ArgumentError);
    expect([(refusal as ArgumentError).retcode, (refusal as ArgumentError).message]).toEqual([
      101,
      'dsl.components: unknown module HeteroSecureBoost; this site knows: PassThrough, Sleep',
    ]);
    expect(await guest.jobs.listJobs({ limit: 10, page: 1 })).toEqual({ jobs: [], count: 0 });
    expect(await host.jobs.listJobs({ limit: 10, page: 1 })).toEqual({ jobs: [], count: 0 });
    expect(network.deliveries).toEqual([]);
    expect(guest.events.published).toEqual([]);
  });

  it('is refused at a party whose site cannot run it, and the job fails at the initiator naming the party', async () => {
    // The guest's site knows every module (a control-plane site); the host's does not.
    const federation = fakeFederation();
    const { guest, host } = federation;
    const lenient = {
      ...guest.services,
      site: { ...guest.services.site, catalog: { ...guest.services.site.catalog, acceptsUnknownModules: true } },
    };

    const refusal = await submitJob(lenient, unknownModule).then(
      () => undefined,
      (error: unknown) => error as Error & { retcode: number },
    );

    expect(refusal?.retcode).toBe(104);
    expect(refusal?.message).toMatch(
      new RegExp(
        `^create job \\d{21} failed: host ${HOST}: dsl.components: unknown module HeteroSecureBoost; this site knows: PassThrough, Sleep$`,
      ),
    );
    const [record] = (await guest.jobs.listJobs({ limit: 10, page: 1 })).jobs;
    expect([record?.partyId, record?.status, record?.tag]).toEqual([GUEST, 'failed', 'submit_failed']);
    expect(await host.jobs.listJobs({ limit: 10, page: 1 })).toEqual({ jobs: [], count: 0 });
  });
});
