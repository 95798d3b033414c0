/**
 * Finding 2 of issue #10: a peer could hold all of a site's cores for ever — `job.create` with
 * task_cores 20 and `job.resource.apply`, never started; the victim's own job waited, the victim
 * could not stop the job, and no detector expired it. Here party 9999 plays the hostile peer
 * (its site signs the messages, as a real peer's would) against party 10000 (20 cores, the default
 * peer_resource_share 0.5).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CommandBodies, CommandName, PeerReply } from '../../functions/domain/ports/peer-client.js';
import { detect } from '../../functions/services/detector/detect.js';
import {
  component,
  GUEST,
  HOST,
  jobOf,
  jobRows,
  jobStatuses,
  pool,
  runnerProcesses,
  startSchedulingFederation,
  submit,
  waitFor,
  waitForJobEndEverywhere,
  waitForResourcesReturned,
  waitForRunners,
} from '../e2e/orchestration/support.js';
import type { TestFederation } from '../support/local-federation.js';
import { snapshotSite } from './support/store-snapshot.js';

const HOSTILE = { role: 'guest', partyId: GUEST } as const;
const VICTIM = { role: 'host', partyId: HOST } as const;

/** A job the hostile peer initiates with only the victim's host role in it, asking `cores` there. */
const hostileJob = (cores: number) =>
  jobOf({
    arbiter: false,
    components: { slow_0: component('Sleep') },
    jobParameters: { task_cores: cores },
    parameters: { slow_0: { seconds: 1 } },
  });

describe('a peer holding a site’s cores', () => {
  let federation: TestFederation;
  /** task_cores 20: more than the peer's share on its own. */
  let wholePool: string;
  /** task_cores 8: within the share, granted, then never started. */
  let held: string;
  /** task_cores 4: would take the peer past its share beside `held`. */
  let overShare: string;

  /** A message signed by the hostile peer's site, to the victim's host role. */
  function fromPeer<C extends CommandName>(command: C, jobId: string, body: CommandBodies[C]): Promise<PeerReply> {
    return federation.site(GUEST).services.peers.call({ command, jobId, src: HOSTILE, dest: VICTIM, body });
  }

  async function createHostileJob(cores: number): Promise<string> {
    const jobId = federation.site(GUEST).services.newJobId();
    const { dsl, conf } = hostileJob(cores);
    const created = await fromPeer('job.create', jobId, {
      dsl: dsl as CommandBodies['job.create']['dsl'],
      runtimeConf: conf as CommandBodies['job.create']['runtimeConf'],
      createTime: Date.now(),
    });
    expect(created.retcode).toBe(0);
    return jobId;
  }

  const victimSnapshot = () => snapshotSite(federation.site(HOST), { exceptDeliveries: true });

  beforeAll(async () => {
    federation = await startSchedulingFederation();
    wholePool = await createHostileJob(20);
    held = await createHostileJob(8);
    overShare = await createHostileJob(4);
  }, 30_000);
  afterAll(async () => {
    await federation.stop();
  }, 20_000);

  it("refuses a peer's apply for more than its share of the pool, naming the share, and changes nothing", async () => {
    const before = await victimSnapshot();

    expect(await fromPeer('job.resource.apply', wholePool, {})).toEqual({
      retcode: 103,
      retmsg:
        'party 10000 lends jobs initiated by guest 9999 at most peer_resource_share 0.5 of its pool: ' +
        `10 of 20 cores; they hold 0 and job ${wholePool} needs 20`,
    });
    expect(await victimSnapshot()).toEqual(before);
  });

  it('grants the peer up to its share and refuses the apply that would pass it, changing nothing', async () => {
    expect(await fromPeer('job.resource.apply', held, {})).toEqual({ retcode: 0, retmsg: 'success' });
    const before = await victimSnapshot();

    expect(await fromPeer('job.resource.apply', overShare, {})).toEqual({
      retcode: 103,
      retmsg:
        'party 10000 lends jobs initiated by guest 9999 at most peer_resource_share 0.5 of its pool: ' +
        `10 of 20 cores; they hold 8 and job ${overShare} needs 4`,
    });
    expect(await victimSnapshot()).toEqual(before);
    expect(await pool(federation, HOST)).toEqual({
      partyId: HOST,
      cores: 20,
      remainingCores: 12,
      grants: [`${held}#host`],
    });
  });

  it("still runs the victim's own job, with the cores the peer could not take", async () => {
    const submitted = await federation.post(HOST, '/v1/job/submit', {
      job_dsl: { components: { slow_0: component('Sleep') } },
      job_runtime_conf: {
        dsl_version: 2,
        initiator: { role: 'guest', party_id: HOST },
        role: { guest: [HOST] },
        job_parameters: { common: { job_type: 'train', task_cores: 12, task_parallelism: 1 } },
        component_parameters: { common: { slow_0: { seconds: 0 } } },
      },
    });
    expect(submitted.retcode).toBe(0);
    const own = String(submitted.jobId);

    const status = await waitFor(
      async () => {
        const [row] = await jobRows(federation, HOST, own);
        return row?.f_status === 'success' || row?.f_status === 'failed' ? row.f_status : undefined;
      },
      20_000,
      async () => JSON.stringify(await jobRows(federation, HOST, own)),
    );
    expect(status).toBe('success');
    // Its own grant goes back just after its end; the peer's stays.
    expect(
      await waitFor(
        async () => {
          const view = await pool(federation, HOST);
          return view.grants.length === 1 ? view : undefined;
        },
        5_000,
        async () => JSON.stringify(await pool(federation, HOST)),
      ),
    ).toEqual({ partyId: HOST, cores: 20, remainingCores: 12, grants: [`${held}#host`] });
  }, 30_000);

  it('ends the part of a job whose initiator went silent past the limit and returns its grant; jobs holding nothing stay', async () => {
    const guestBefore = await snapshotSite(federation.site(GUEST), { exceptDeliveries: true });
    const host = federation.site(HOST);
    const [record] = await jobRows(federation, HOST, held);
    expect(record?.f_status).toBe('waiting');

    const pass = await detect(host.services, { peerSilenceLimitMs: 1 });

    expect(pass.silentInitiatorJobs).toBe(1);
    const [ended] = await jobRows(federation, HOST, held);
    expect(ended?.f_status).toBe('failed');
    expect(ended?.f_tag).toMatch(/^federated_error: initiator guest 9999 silent for \d+ s$/);
    expect(await pool(federation, HOST)).toEqual({ partyId: HOST, cores: 20, remainingCores: 20, grants: [] });
    for (const waiting of [wholePool, overShare]) {
      expect((await jobRows(federation, HOST, waiting)).map((row) => row.f_status)).toEqual(['waiting']);
    }
    // The initiator is told; it has no such job, refuses, and nothing changes there.
    await host.services.background.drain();
    expect(await snapshotSite(federation.site(GUEST), { exceptDeliveries: true })).toEqual(guestBefore);
  });

  it("lets the victim's operator stop a peer's job that holds cores, even when its initiator will not listen", async () => {
    const stubborn = await createHostileJob(6);
    expect(await fromPeer('job.resource.apply', stubborn, {})).toEqual({ retcode: 0, retmsg: 'success' });

    const stopped = await federation.post(HOST, '/v1/job/stop', { job_id: stubborn });

    // The hostile initiator has no such job and refuses to hear of it; the part here ends anyway.
    expect(stopped.retcode).toBe(104);
    expect(stopped.retmsg).toMatch(
      new RegExp(`^job ${stubborn} stopped at party 10000, but its initiator guest 9999 was not told: .+`),
    );
    expect((await jobRows(federation, HOST, stubborn)).map((row) => `${row.f_status} ${row.f_tag}`)).toEqual([
      'canceled stopped by host 10000',
    ]);
    expect(await pool(federation, HOST)).toEqual({ partyId: HOST, cores: 20, remainingCores: 20, grants: [] });
  });

  it('refuses an apply for the ended job, changing nothing', async () => {
    const before = await victimSnapshot();

    expect(await fromPeer('job.resource.apply', held, {})).toEqual({
      retcode: 103,
      retmsg: `job ${held} is failed at host 10000; an ended job holds no resources`,
    });
    expect(await victimSnapshot()).toEqual(before);
  });
});

describe('a job stopped by an operator at a site that did not initiate it', () => {
  let federation: TestFederation;
  let jobId: string;

  beforeAll(async () => {
    federation = await startSchedulingFederation();
    jobId = await submit(
      federation,
      jobOf({ components: { slow_0: component('Sleep') }, parameters: { slow_0: { seconds: 30 } } }),
    );
    await waitForRunners(jobId, 'slow_0', 3, 20_000);
  }, 30_000);
  afterAll(async () => {
    await federation.stop();
  }, 20_000);

  it('is not expired while its initiator keeps in touch', async () => {
    const host = federation.site(HOST);
    const seen = await waitFor(
      async () => {
        const records = await host.services.jobs.getJobRecords(jobId);
        const times = records.map((record) => record.initiatorSeenAt);
        return times.every((time) => time !== undefined) ? Math.max(...times) : undefined;
      },
      10_000,
      () => 'the host never recorded a message from the initiator',
    );

    const pass = await detect(host.services, { peerSilenceLimitMs: Date.now() - seen + 5_000 });

    expect(pass.silentInitiatorJobs).toBe(0);
    expect(await jobStatuses(federation, jobId)).toEqual([
      'arbiter 10000 running',
      'guest 9999 running',
      'host 10000 running',
    ]);
  }, 30_000);

  it('stops the job at every party, tagged with who stopped it, its tasks killed and every resource returned', async () => {
    expect(await federation.post(HOST, '/v1/job/stop', { job_id: jobId })).toEqual({
      retcode: 0,
      retmsg: 'success',
      jobId,
    });

    expect(await waitForJobEndEverywhere(federation, jobId, 10_000)).toEqual([
      'arbiter 10000 canceled',
      'guest 9999 canceled',
      'host 10000 canceled',
    ]);
    const tags = (await Promise.all([GUEST, HOST].map((party) => jobRows(federation, party, jobId)))).flat();
    expect(tags.map((row) => `${row.f_role} ${row.f_tag}`).sort()).toEqual([
      'arbiter stopped by host 10000',
      'guest stopped by host 10000',
      'host stopped by host 10000',
    ]);
    await waitFor(
      async () => ((await runnerProcesses(jobId)).length === 0 ? true : undefined),
      10_000,
      async () => `runners left: ${JSON.stringify(await runnerProcesses(jobId))}`,
    );
    expect(await waitForResourcesReturned(federation, 10_000)).toEqual([
      { partyId: GUEST, cores: 20, remainingCores: 20, grants: [] },
      { partyId: HOST, cores: 20, remainingCores: 20, grants: [] },
    ]);
  }, 30_000);

  it('answers a second stop at the party that nothing is left to stop', async () => {
    expect(await federation.post(HOST, '/v1/job/stop', { job_id: jobId })).toEqual({
      retcode: 10,
      retmsg: `job ${jobId} is already canceled here; nothing to stop`,
      jobId,
    });
  });
});
