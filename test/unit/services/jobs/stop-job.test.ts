import { describe, expect, it, jest } from '@jest/globals';
import { stopJob } from '../../../../functions/services/jobs/stop-job.js';
import { fakeFederation, GUEST, HOST } from '../../../support/fakes/fake-federation.js';
import {
  component,
  jobOf,
  jobStatuses,
  jobTags,
  partyTaskStatuses,
  poolViews,
  runningAt,
  submitAndStart,
  succeedRunning,
} from '../../../support/fakes/fake-jobs.js';

/** source_0 → slow_0 → after_0 at the guest, the host and the arbiter; started, slow_0 running everywhere. */
async function runningJob() {
  const federation = fakeFederation();
  const jobId = await submitAndStart(
    federation,
    jobOf({
      components: {
        source_0: component('PassThrough'),
        slow_0: component('Sleep', { data: ['source_0.data'] }),
        after_0: component('PassThrough', { data: ['slow_0.data'] }),
      },
    }),
  );
  await succeedRunning(federation);
  expect([runningAt(federation.guest), runningAt(federation.host)]).toEqual([
    ['slow_0 v0 guest'],
    ['slow_0 v0 arbiter', 'slow_0 v0 host'],
  ]);
  return { federation, jobId, ...federation };
}

const STOPPED = [
  'after_0 v0 arbiter 10000 waiting',
  'after_0 v0 guest 9999 waiting',
  'after_0 v0 host 10000 waiting',
  'slow_0 v0 arbiter 10000 canceled',
  'slow_0 v0 guest 9999 canceled',
  'slow_0 v0 host 10000 canceled',
  'source_0 v0 arbiter 10000 success',
  'source_0 v0 guest 9999 success',
  'source_0 v0 host 10000 success',
];

describe('job stop at the initiator', () => {
  it('cancels the job at every party, kills its running tasks, stops its workflow and returns every grant', async () => {
    const { federation, jobId, guest, host } = await runningJob();

    expect(await stopJob(guest.services, jobId, 'canceled')).toEqual({ retcode: 0, retmsg: 'success' });
    await federation.settle();

    expect(await jobStatuses(federation, jobId)).toEqual([
      'arbiter 10000 canceled',
      'guest 9999 canceled',
      'host 10000 canceled',
    ]);
    expect((await guest.jobs.getJobRecords(jobId))[0]?.cancelSignal).toBe(true);
    expect(guest.workflow.executions).toEqual([
      { jobId, run: 1, status: 'ABORTED', cause: 'job canceled by a stop request' },
    ]);
    expect(await partyTaskStatuses(federation, jobId)).toEqual(STOPPED);
    expect([guest.launcher.stops.length, host.launcher.stops.length]).toEqual([1, 2]);
    expect([runningAt(guest), runningAt(host)]).toEqual([[], []]);
    // The initiator heard every party's stopped task.
    const holders = await guest.jobs.listTasks(jobId, { component: 'slow_0' });
    expect(holders.map((t) => [t.role, t.partyStatus, t.errorReport])).toEqual([
      ['arbiter', 'canceled', 'stopped: job canceled'],
      ['guest', 'canceled', 'stopped: job canceled'],
      ['host', 'canceled', 'stopped: job canceled'],
    ]);
    expect(await poolViews(federation)).toEqual([`${GUEST}: 20/20 []`, `${HOST}: 20/20 []`]);
  });

  it('leaves an ended job as it is (retcode 10)', async () => {
    const { jobId, guest } = await runningJob();
    await stopJob(guest.services, jobId, 'canceled');

    expect(await stopJob(guest.services, jobId, 'failed')).toEqual({
      retcode: 10,
      retmsg: `job ${jobId} is already canceled; nothing to stop`,
    });
  });

  it('names the parties it could not tell (retcode 104), and stops the job wherever it can', async () => {
    const { federation, jobId, guest, network } = await runningJob();
    network.isolate(HOST);

    const answer = await stopJob(guest.services, jobId, 'canceled');

    expect(answer.retcode).toBe(104);
    expect(answer.retmsg).toBe(
      `job ${jobId} stopped here, but not everywhere: ` +
        `host ${HOST}: host ${HOST} did not answer job.stop: connect ECONNREFUSED: party ${HOST} is unreachable from party ${GUEST}; ` +
        `arbiter ${HOST}: arbiter ${HOST} did not answer job.stop: connect ECONNREFUSED: party ${HOST} is unreachable from party ${GUEST}`,
    );
    expect(await jobStatuses(federation, jobId)).toEqual([
      'arbiter 10000 running',
      'guest 9999 canceled',
      'host 10000 running',
    ]);
  });
});

describe('job stop at a party that did not initiate the job', () => {
  it('stops its part at once, and the initiator stops the job at every party, tagged with who stopped it', async () => {
    const { federation, jobId, guest, host, network } = await runningJob();
    const sent = network.deliveries.length;

    expect(await stopJob(host.services, jobId, 'canceled')).toEqual({ retcode: 0, retmsg: 'success' });
    await federation.settle();

    expect(network.log().slice(sent, sent + 1)).toEqual([`job.party.stop ${HOST} → guest ${GUEST}`]);
    expect(await jobStatuses(federation, jobId)).toEqual([
      'arbiter 10000 canceled',
      'guest 9999 canceled',
      'host 10000 canceled',
    ]);
    expect(await jobTags(federation, jobId)).toEqual([
      `arbiter 10000 stopped by host ${HOST}`,
      `guest 9999 stopped by host ${HOST}`,
      `host 10000 stopped by host ${HOST}`,
    ]);
    expect(await partyTaskStatuses(federation, jobId)).toEqual(STOPPED);
    expect(guest.workflow.executions).toMatchObject([{ status: 'ABORTED', cause: `stopped by host ${HOST}` }]);
    expect(await poolViews(federation)).toEqual([`${GUEST}: 20/20 []`, `${HOST}: 20/20 []`]);
  });

  it('kills what runs there and returns its grant even when the initiator cannot be told', async () => {
    const { federation, jobId, host, network } = await runningJob();
    network.isolate(GUEST);
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);

    const answer = await stopJob(host.services, jobId, 'canceled');
    quiet.mockRestore();

    expect(answer).toEqual({
      retcode: 104,
      retmsg:
        `job ${jobId} stopped at party ${HOST}, but its initiator guest ${GUEST} was not told: ` +
        `connect ECONNREFUSED: party ${GUEST} is unreachable from party ${HOST}`,
    });
    expect(await jobStatuses(federation, jobId)).toEqual([
      'arbiter 10000 canceled',
      'guest 9999 running',
      'host 10000 canceled',
    ]);
    expect(runningAt(host)).toEqual([]);
    expect(await poolViews(federation)).toEqual([`${GUEST}: 19/20 [${jobId}#guest]`, `${HOST}: 20/20 []`]);
  });
});

describe('a task start that reaches a party after its job was stopped', () => {
  it('starts nothing there (retcode 10), as a late retry of the start must not', async () => {
    const { federation, jobId, guest, host } = await runningJob();
    await stopJob(guest.services, jobId, 'canceled');
    await federation.settle();
    const launches = host.launcher.launches.length;

    const reply = await guest.services.peers.call({
      command: 'task.start',
      jobId,
      src: { role: 'guest', partyId: GUEST },
      dest: { role: 'host', partyId: HOST },
      body: { component: 'after_0', taskVersion: 0 },
    });
    await federation.settle();

    expect(reply).toEqual({ retcode: 10, retmsg: `job ${jobId} is canceled at host ${HOST}; no task starts` });
    expect(host.launcher.launches.length).toBe(launches);
    expect(await partyTaskStatuses(federation, jobId)).toEqual(STOPPED);
  });
});
