import { describe, expect, it, jest } from '@jest/globals';
import { detect } from '../../../../functions/services/detector/detect.js';
import { DETECTOR_DEFAULTS } from '../../../../functions/services/detector/detector-options.js';
import { END_SYNC_WINDOW_MS } from '../../../../functions/services/detector/ended-jobs.js';
import { stopJob } from '../../../../functions/services/jobs/stop-job.js';
import { fakeFederation, GUEST, HOST } from '../../../support/fakes/fake-federation.js';
import {
  component,
  jobOf,
  jobStatuses,
  jobTags,
  poolViews,
  runningAt,
  submitAndStart,
  succeedRunning,
} from '../../../support/fakes/fake-jobs.js';
import { POOL_NAME } from '../../../support/fakes/fake-site.js';

/** slow_0 at the guest and the host; started, running at both. */
async function runningJob() {
  const federation = fakeFederation();
  const jobId = await submitAndStart(federation, jobOf({ arbiter: false, components: { slow_0: component('Sleep') } }));
  return { federation, jobId, ...federation };
}

const hostTask = (federation: ReturnType<typeof fakeFederation>, jobId: string) =>
  federation.host.jobs.getTask({ jobId, component: 'slow_0', taskVersion: 0, role: 'host', partyId: HOST });

/** The console's errors of unreachable parties, kept out of the test output. */
const quietly = async <T>(work: () => Promise<T>): Promise<T> => {
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    return await work();
  } finally {
    quiet.mockRestore();
    warn.mockRestore();
  }
};

describe('the initiator re-sends an ended job', () => {
  it('to a party that missed the end, which then stops its task, and the job leaves the watch list', async () => {
    const { federation, jobId, guest, host, network } = await runningJob();
    network.isolate(HOST);
    await quietly(() => stopJob(guest.services, jobId, 'canceled'));
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 canceled', 'host 10000 running']);

    await quietly(() => detect(guest.services));
    expect((await guest.jobs.watchedJobs()).map((j) => j.jobId)).toEqual([jobId]);

    network.reconnect(HOST);
    await detect(guest.services);
    await federation.settle();

    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 canceled', 'host 10000 canceled']);
    const task = await hostTask(federation, jobId);
    expect([task?.partyStatus, task?.errorReport]).toEqual(['canceled', 'stopped: job canceled']);
    expect(runningAt(host)).toEqual([]);
    expect(await poolViews(federation)).toEqual([`${GUEST}: 20/20 []`, `${HOST}: 20/20 []`]);
    expect(await guest.jobs.watchedJobs()).toEqual([]);
  });

  it('gives up once the end-sync window has passed', async () => {
    const { jobId, guest, network, clock } = await runningJob();
    network.isolate(HOST);
    await quietly(() => stopJob(guest.services, jobId, 'canceled'));
    const before = network.deliveries.length;

    clock.advance(END_SYNC_WINDOW_MS + 1);
    await quietly(() => detect(guest.services));

    expect(await guest.jobs.watchedJobs()).toEqual([]);
    expect(network.deliveries.slice(before).map((d) => d.message.command)).not.toContain('job.stop');
  });

  it('re-sends a success too: the party that missed it ends success', async () => {
    const { federation, jobId, guest, network } = await runningJob();
    network.drop(
      (message) => message.command === 'job.status' && (message.body as { status?: string }).status === 'success',
    );
    await succeedRunning(federation);
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 success', 'host 10000 running']);
    network.keepAll();

    await detect(guest.services);

    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 success', 'host 10000 success']);
    expect(await guest.jobs.watchedJobs()).toEqual([]);
  });
});

describe('the detector returns leaked resources', () => {
  it('gives back a grant whose job here has ended, or is unknown, and says resources came back', async () => {
    const { federation, jobId, host } = await runningJob();
    await succeedRunning(federation);
    const appliedAt = federation.clock.now();
    await host.resources.apply(POOL_NAME, { jobId: `${jobId}#host`, cores: 2, memory: 0, appliedAt, peer: GUEST });
    await host.resources.apply(POOL_NAME, { jobId: '202601010000000000001#host', cores: 1, memory: 0, appliedAt });
    expect(await poolViews(federation)).toEqual([
      `${GUEST}: 20/20 []`,
      `${HOST}: 17/20 [202601010000000000001#host, ${jobId}#host]`,
    ]);

    const published = host.events.published.length;

    expect(await detect(host.services)).toMatchObject({ resourcesReturned: 2 });

    expect(await poolViews(federation)).toEqual([`${GUEST}: 20/20 []`, `${HOST}: 20/20 []`]);
    expect(host.events.published.slice(published)).toEqual([
      { type: 'ResourcesReturned', jobId: '202601010000000000001' },
      { type: 'ResourcesReturned', jobId },
    ]);
  });

  it('leaves the grant of a job that still runs', async () => {
    const { federation, jobId, host } = await runningJob();
    expect(await detect(host.services)).toMatchObject({ resourcesReturned: 0 });
    expect(await poolViews(federation)).toEqual([`${GUEST}: 19/20 [${jobId}#guest]`, `${HOST}: 19/20 [${jobId}#host]`]);
  });
});

describe('a party that stops answering while its job runs (FederatedDetector)', () => {
  it('starts the silence clock, fails the job past the limit at every party reached, and tells the party once it is back', async () => {
    const { federation, jobId, guest, host, network, clock } = await runningJob();
    network.isolate(HOST);

    const first = await quietly(() => detect(guest.services, { peerSilenceLimitMs: 1000 }));
    expect(first.silentPeerJobs).toBe(0);
    expect((await guest.jobs.getJobRecords(jobId))[0]?.peersSilentSince).toBe(clock.now());
    clock.advance(1000);
    expect((await quietly(() => detect(guest.services, { peerSilenceLimitMs: 1000 }))).silentPeerJobs).toBe(0);
    clock.advance(1);
    expect((await quietly(() => detect(guest.services, { peerSilenceLimitMs: 1000 }))).silentPeerJobs).toBe(1);

    const [guestJob] = await guest.jobs.getJobRecords(jobId);
    expect([guestJob?.status, guestJob?.tag]).toEqual([
      'failed',
      `federated_error: host ${HOST} did not answer for 1 s`,
    ]);
    const guestTask = await guest.jobs.getTask({
      jobId,
      component: 'slow_0',
      taskVersion: 0,
      role: 'guest',
      partyId: GUEST,
    });
    expect([guestTask?.partyStatus, guestTask?.errorReport]).toEqual(['failed', 'stopped: job failed']);
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 failed', 'host 10000 running']);

    network.reconnect(HOST);
    await detect(guest.services);
    await federation.settle();
    expect(await jobTags(federation, jobId)).toEqual([
      `guest 9999 federated_error: host ${HOST} did not answer for 1 s`,
      `host 10000 federated_error: host ${HOST} did not answer for 1 s`,
    ]);
    const task = await hostTask(federation, jobId);
    expect([task?.partyStatus, task?.errorReport]).toEqual(['failed', 'stopped: job failed']);
    expect(runningAt(host)).toEqual([]);
  });

  it('clears the silence clock when every party answers again', async () => {
    const { jobId, guest, host, network, clock } = await runningJob();
    network.isolate(HOST);
    await quietly(() => detect(guest.services));
    network.reconnect(HOST);
    clock.advance(DETECTOR_DEFAULTS.peerSilenceLimitMs + 1);
    await Promise.all([guest.launcher.beat(), host.launcher.beat()]);

    expect((await detect(guest.services)).silentPeerJobs).toBe(0);

    const [record] = await guest.jobs.getJobRecords(jobId);
    expect([record?.status, record?.peersSilentSince]).toEqual(['running', undefined]);
  });
});

describe('an initiator that goes silent (seen from a party)', () => {
  it('ends the part of its job that holds resources here once the silence passes the limit', async () => {
    const { federation, jobId, host, network, clock } = await runningJob();
    network.isolate(GUEST);
    const lastHeard = Math.max(...(await host.jobs.getJobRecords(jobId)).map((j) => j.initiatorSeenAt ?? j.updateTime));

    clock.advance(lastHeard + DETECTOR_DEFAULTS.peerSilenceLimitMs - clock.now());
    await host.launcher.beat();
    expect((await quietly(() => detect(host.services))).silentInitiatorJobs).toBe(0);
    clock.advance(1);
    expect((await quietly(() => detect(host.services))).silentInitiatorJobs).toBe(1);
    await quietly(() => federation.settle());

    const tag = `federated_error: initiator guest ${GUEST} silent for 600 s`;
    expect(await jobTags(federation, jobId)).toEqual(['guest 9999 ', `host 10000 ${tag}`]);
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 running', 'host 10000 failed']);
    const task = await hostTask(federation, jobId);
    expect([task?.partyStatus, task?.errorReport]).toEqual(['failed', 'stopped: job failed']);
    expect(runningAt(host)).toEqual([]);
    expect(await poolViews(federation)).toEqual([`${GUEST}: 19/20 [${jobId}#guest]`, `${HOST}: 20/20 []`]);
    // The initiator was told, in case it comes back (the message was lost here).
    expect(network.log((d) => d.message.command === 'job.party.stop')).toEqual([
      `job.party.stop ${HOST} → guest ${GUEST} (lost)`,
    ]);
  });

  it('keeps a job whose initiator checks on it each sweep', async () => {
    const { jobId, guest, host, clock } = await runningJob();
    for (let minute = 0; minute < 12; minute += 1) {
      clock.advance(60_000);
      await Promise.all([guest.launcher.beat(), host.launcher.beat()]);
      await detect(guest.services);
      expect((await detect(host.services)).silentInitiatorJobs).toBe(0);
    }
    expect((await host.jobs.getJobRecords(jobId))[0]?.status).toBe('running');
  });
});
