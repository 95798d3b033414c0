import { describe, expect, it } from '@jest/globals';
import type { FederatedMessage } from '../../../../functions/domain/ports/peer-client.js';
import { stopJob } from '../../../../functions/services/jobs/stop-job.js';
import { fakeFederation, GUEST, HOST } from '../../../support/fakes/fake-federation.js';
import { component, jobOf, poolViews, submit } from '../../../support/fakes/fake-jobs.js';

const job = jobOf({
  arbiter: false,
  components: { one_0: component('PassThrough') },
  jobParameters: { task_cores: 3 },
});

const toHost = (jobId: string, command: 'job.resource.apply' | 'job.resource.return'): FederatedMessage => ({
  command,
  jobId,
  src: { role: 'guest', partyId: GUEST },
  dest: { role: 'host', partyId: HOST },
  body: {},
});

describe('resource apply and return at a party', () => {
  it('holds a job’s cores once however often it applies, and gives them back once however often it returns', async () => {
    const federation = fakeFederation();
    const { host } = federation;
    const jobId = await submit(federation, job);

    const applied = [await host.receiver.receive(toHost(jobId, 'job.resource.apply'))];
    applied.push(await host.receiver.receive(toHost(jobId, 'job.resource.apply')));
    expect(applied).toEqual([
      { retcode: 0, retmsg: 'success' },
      { retcode: 0, retmsg: 'success' },
    ]);
    expect(await poolViews(federation)).toEqual([`${GUEST}: 20/20 []`, `${HOST}: 17/20 [${jobId}#host]`]);
    expect((await host.jobs.getJobRecords(jobId))[0]?.resourceInUse).toBe(true);

    const returned = [await host.receiver.receive(toHost(jobId, 'job.resource.return'))];
    returned.push(await host.receiver.receive(toHost(jobId, 'job.resource.return')));
    expect(returned).toEqual([
      { retcode: 0, retmsg: 'success' },
      { retcode: 0, retmsg: 'success' },
    ]);
    expect(await poolViews(federation)).toEqual([`${GUEST}: 20/20 []`, `${HOST}: 20/20 []`]);
    expect((await host.jobs.getJobRecords(jobId))[0]?.resourceInUse).toBe(false);
  });

  it('grants nothing to a job that has ended there', async () => {
    const federation = fakeFederation();
    const { guest, host } = federation;
    const jobId = await submit(federation, job);
    await stopJob(guest.services, jobId, 'canceled');

    expect(await host.receiver.receive(toHost(jobId, 'job.resource.apply'))).toEqual({
      retcode: 103,
      retmsg: `job ${jobId} is canceled at host ${HOST}; an ended job holds no resources`,
    });
    expect(await poolViews(federation)).toEqual([`${GUEST}: 20/20 []`, `${HOST}: 20/20 []`]);
  });

  it('answers a job it does not know as not found (retcode 101), naming the job and the party', async () => {
    const federation = fakeFederation();
    const reply = await federation.host.receiver.receive(toHost('202601010000000000001', 'job.resource.apply'));
    expect(reply).toEqual({
      retcode: 101,
      retmsg: `job 202601010000000000001 has no host record at party ${HOST}`,
    });
  });
});
