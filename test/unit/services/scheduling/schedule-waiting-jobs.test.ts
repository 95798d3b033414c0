import { describe, expect, it } from '@jest/globals';
import { stopJob } from '../../../../functions/services/jobs/stop-job.js';
import { scheduleWaitingJobs } from '../../../../functions/services/scheduling/schedule-waiting-jobs.js';
import { fakeFederation, GUEST, HOST } from '../../../support/fakes/fake-federation.js';
import {
  component,
  jobOf,
  jobStatuses,
  partyTaskStatuses,
  poolViews,
  submit,
} from '../../../support/fakes/fake-jobs.js';

/** One Sleep at the guest and the host (and the arbiter, when asked), holding `cores` at each. */
const sleepJob = (cores: number, options: { readonly arbiter?: boolean; readonly priority?: number } = {}) =>
  jobOf({
    arbiter: options.arbiter ?? false,
    components: { slow_0: component('Sleep') },
    jobParameters: { task_cores: cores, ...(options.priority === undefined ? {} : { priority: options.priority }) },
  });

const SECOND = 1000;

describe('a scheduling pass', () => {
  it('goes past a waiting job that cannot get its cores and starts the next one (no head-of-line blocking)', async () => {
    const federation = fakeFederation({ host: { cores: 4, peerResourceShare: 1 } });
    const { guest, host, clock, network } = federation;
    const holder = await submit(federation, sleepJob(3));
    expect(await scheduleWaitingJobs(guest.services)).toEqual({ started: [holder], stillWaiting: [] });
    clock.advance(SECOND);
    const big = await submit(federation, sleepJob(2));
    clock.advance(SECOND);
    const small = await submit(federation, sleepJob(1));
    const sent = network.deliveries.length;
    const published = [guest.events.published.length, host.events.published.length];

    expect(await scheduleWaitingJobs(guest.services)).toEqual({ started: [small], stillWaiting: [big] });
    await federation.settle();

    const refusal = network.deliveries
      .slice(sent)
      .find((d) => d.message.jobId === big && d.message.command === 'job.resource.apply')?.reply;
    // With a share of 1 the guest's limit is the whole pool, so the pool's refusal is also the share's.
    expect(refusal).toEqual({
      retcode: 103,
      retmsg: `party ${HOST} lends jobs initiated by guest ${GUEST} at most peer_resource_share 1 of its pool: 4 of 4 cores; they hold 3 and job ${big} needs 2`,
    });
    // The guest's grant for the refused job went back at once; nothing else moved.
    expect(await poolViews(federation)).toEqual([
      `${GUEST}: 16/20 [${holder}#guest, ${small}#guest]`,
      `${HOST}: 0/4 [${holder}#host, ${small}#host]`,
    ]);
    // A rollback returns cores to the same waiting job: it must not wake the scheduler for it again.
    // Only the started job's status changes are published, nothing that triggers a pass, so the
    // job that does not fit is tried again at the sweep's pace, not in a busy loop.
    expect([guest.events.published.slice(published[0]), host.events.published.slice(published[1])]).toEqual([
      [{ type: 'JobStatusChanged', jobId: small, role: 'guest', partyId: GUEST, from: 'waiting', to: 'running' }],
      [{ type: 'JobStatusChanged', jobId: small, role: 'host', partyId: HOST, from: 'waiting', to: 'running' }],
    ]);
    expect(await jobStatuses(federation, big)).toEqual(['guest 9999 waiting', 'host 10000 waiting']);
    expect(await partyTaskStatuses(federation, big)).toEqual([
      'slow_0 v0 guest 9999 waiting',
      'slow_0 v0 host 10000 waiting',
    ]);
    expect(guest.workflow.executions.map((e) => e.jobId)).toEqual([holder, small]);
    // The small job runs to success meanwhile.
    for (const site of [guest, host]) {
      const launch = site.launcher.runningWorkers().find((l) => l.task.jobId === small);
      if (launch !== undefined)
        await site.launcher.succeed({ component: 'slow_0', role: launch.task.role, taskVersion: 0, jobId: small });
    }
    await federation.settle();
    expect(await jobStatuses(federation, small)).toEqual(['guest 9999 success', 'host 10000 success']);
    expect(await jobStatuses(federation, big)).toEqual(['guest 9999 waiting', 'host 10000 waiting']);

    // The holder goes: the next pass starts the job that waited.
    await stopJob(guest.services, holder, 'canceled');
    expect(await scheduleWaitingJobs(guest.services)).toEqual({ started: [big], stillWaiting: [] });
    expect(await jobStatuses(federation, big)).toEqual(['guest 9999 running', 'host 10000 running']);
    expect(await jobStatuses(federation, holder)).toEqual(['guest 9999 canceled', 'host 10000 canceled']);
  });

  it('returns what every other party granted when one party refuses, and leaves the job waiting', async () => {
    // The host's site has 2 cores: the host's grant takes both, the arbiter's (1 core) does not fit.
    const federation = fakeFederation({ host: { cores: 2, peerResourceShare: 1 } });
    const { guest, network } = federation;
    const jobId = await submit(federation, sleepJob(2, { arbiter: true }));
    const sent = network.deliveries.length;

    expect(await scheduleWaitingJobs(guest.services)).toEqual({ started: [], stillWaiting: [jobId] });

    expect(network.log().slice(sent)).toEqual([
      `job.resource.apply ${GUEST} → host ${HOST}`,
      `job.resource.apply ${GUEST} → arbiter ${HOST}`,
      `job.resource.return ${GUEST} → host ${HOST}`,
    ]);
    expect(network.deliveries.slice(sent).map((d) => d.reply?.retcode)).toEqual([0, 103, 0]);
    expect(await poolViews(federation)).toEqual([`${GUEST}: 20/20 []`, `${HOST}: 2/2 []`]);
    const records = [...(await guest.jobs.getJobRecords(jobId)), ...(await federation.host.jobs.getJobRecords(jobId))];
    expect(records.map((r) => `${r.role} ${r.status} ${r.resourceInUse}`)).toEqual([
      'guest waiting false',
      'arbiter waiting false',
      'host waiting false',
    ]);
    expect(guest.workflow.executions).toEqual([]);
  });

  it("refuses the site's own job the cores it lacks, naming what is free", async () => {
    const federation = fakeFederation({ guest: { cores: 4 } });
    const { guest, network } = federation;
    const holder = await submit(federation, sleepJob(3));
    await scheduleWaitingJobs(guest.services);
    const jobId = await submit(federation, sleepJob(2));
    const sent = network.deliveries.length;

    expect(await scheduleWaitingJobs(guest.services)).toEqual({ started: [], stillWaiting: [jobId] });

    // The guest's own refusal is local (no message); the host's grant goes back.
    expect(network.log().slice(sent)).toEqual([
      `job.resource.apply ${GUEST} → host ${HOST}`,
      `job.resource.return ${GUEST} → host ${HOST}`,
    ]);
    expect(await poolViews(federation)).toEqual([`${GUEST}: 1/4 [${holder}#guest]`, `${HOST}: 17/20 [${holder}#host]`]);
  });

  it("refuses a peer's job over the site's peer_resource_share, naming the share and the numbers", async () => {
    const federation = fakeFederation({ host: { cores: 20, peerResourceShare: 0.5 } });
    const { guest, network } = federation;
    const jobId = await submit(federation, sleepJob(12));
    const sent = network.deliveries.length;

    expect(await scheduleWaitingJobs(guest.services)).toEqual({ started: [], stillWaiting: [jobId] });

    expect(network.deliveries[sent]?.reply).toEqual({
      retcode: 103,
      retmsg:
        `party ${HOST} lends jobs initiated by guest ${GUEST} at most peer_resource_share 0.5 of its pool: ` +
        `10 of 20 cores; they hold 0 and job ${jobId} needs 12`,
    });
    expect(await poolViews(federation)).toEqual([`${GUEST}: 20/20 []`, `${HOST}: 20/20 []`]);
  });

  it('tries the highest priority first, then the oldest', async () => {
    const federation = fakeFederation({ host: { cores: 4, peerResourceShare: 1 } });
    const { guest, clock } = federation;
    const older = await submit(federation, sleepJob(3));
    clock.advance(SECOND);
    const urgent = await submit(federation, sleepJob(3, { priority: 5 }));

    expect(await scheduleWaitingJobs(guest.services)).toEqual({ started: [urgent], stillWaiting: [older] });
  });

  it('starts the job at every party: running with its start time, the run counted, its workflow started', async () => {
    const federation = fakeFederation();
    const { guest, host, clock } = federation;
    const jobId = await submit(federation, sleepJob(1, { arbiter: true }));
    clock.advance(5 * SECOND);

    await scheduleWaitingJobs(guest.services);

    const records = [...(await guest.jobs.getJobRecords(jobId)), ...(await host.jobs.getJobRecords(jobId))];
    expect(records.map((r) => [r.role, r.status, r.startTime, r.resourceInUse])).toEqual([
      ['guest', 'running', clock.now(), true],
      ['arbiter', 'running', clock.now(), true],
      ['host', 'running', clock.now(), true],
    ]);
    expect((await guest.jobs.getJobRecords(jobId))[0]?.runCount).toBe(1);
    expect(guest.workflow.executions.map((e) => [e.jobId, e.run])).toEqual([[jobId, 1]]);
    expect(await poolViews(federation)).toEqual([
      `${GUEST}: 19/20 [${jobId}#guest]`,
      `${HOST}: 18/20 [${jobId}#arbiter, ${jobId}#host]`,
    ]);
  });

  it('fails the job at every party when a party cannot start it, and returns every grant', async () => {
    const federation = fakeFederation();
    const { guest, network } = federation;
    const jobId = await submit(federation, sleepJob(1));
    network.drop((message) => message.command === 'job.start');

    expect(await scheduleWaitingJobs(guest.services)).toEqual({ started: [], stillWaiting: [jobId] });

    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 failed', 'host 10000 failed']);
    expect((await guest.jobs.getJobRecords(jobId))[0]?.tag).toBe('start_failed');
    expect(await poolViews(federation)).toEqual([`${GUEST}: 20/20 []`, `${HOST}: 20/20 []`]);
    expect(guest.workflow.executions).toEqual([]);
  });

  it('skips a waiting job whose cancel signal is set', async () => {
    const federation = fakeFederation();
    const jobId = await submit(federation, sleepJob(1));
    const [record] = await federation.guest.jobs.getJobRecords(jobId);
    if (record === undefined) throw new Error('no record');
    await federation.guest.jobs.updateJobFields(record, { cancelSignal: true });

    expect(await scheduleWaitingJobs(federation.guest.services)).toEqual({ started: [], stillWaiting: [] });
    expect(federation.network.log((d) => d.message.command === 'job.resource.apply')).toEqual([]);
  });
});
