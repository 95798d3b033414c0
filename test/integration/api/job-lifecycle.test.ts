import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exampleJob } from '../../fixtures/jobs.js';
import { startTestFederation, storeSnapshot, type TestFederation } from '../../support/local-federation.js';

interface JobRow {
  f_job_id: string;
  f_role: string;
  f_party_id: string;
  f_status: string;
  f_is_initiator: boolean;
  f_tag: string;
}
interface TaskRow {
  f_component_name: string;
  f_role: string;
  f_party_id: string;
  f_need_run: boolean;
  f_run_on_this_party: boolean;
  f_task_version: number;
  f_party_status: string;
}

const GUEST = 9999;
const HOST = 10000;

describe('a job submitted at the guest of a two-site federation', () => {
  let federation: TestFederation;
  let jobId: string;

  beforeAll(async () => {
    federation = await startTestFederation();
    const { dsl, conf } = exampleJob('hetero-lr');
    const submitted = await federation.post(GUEST, '/v1/job/submit', { job_dsl: dsl, job_runtime_conf: conf });
    expect(submitted.retcode).toBe(0);
    jobId = String(submitted.jobId);
  });
  afterAll(async () => {
    await federation.stop();
  });

  it('answers with FATE submit data', async () => {
    const query = await federation.post(GUEST, '/v1/job/config', { job_id: jobId });
    expect(query.retcode).toBe(0);
    expect(query.data).toMatchObject({
      job_id: jobId,
      model_info: { model_id: 'arbiter-10000#guest-9999#host-10000#model', model_version: jobId },
    });
    expect(jobId).toMatch(/^\d{21}$/);
  });

  it('is stored waiting at the guest and at both roles of party 10000', async () => {
    const atGuest = await federation.post(GUEST, '/v1/job/query', { job_id: jobId });
    const atHost = await federation.post(HOST, '/v1/job/query', { job_id: jobId });
    const rows = (envelope: { data?: unknown }) =>
      (envelope.data as JobRow[]).map((r) => [r.f_role, r.f_party_id, r.f_status, r.f_is_initiator]).sort();
    expect(rows(atGuest)).toEqual([['guest', '9999', 'waiting', true]]);
    expect(rows(atHost)).toEqual([
      ['arbiter', '10000', 'waiting', false],
      ['host', '10000', 'waiting', false],
    ]);
  });

  it("has the host's site page show the guest's last contact (its job.create), and the guest's none from the host yet", async () => {
    type Peer = { party_id: number; last_contact: number | null };
    const peersAt = async (party: number) =>
      ((await federation.post(party, '/v1/site/query', {})).data as { peers: Peer[] }).peers;
    const [guestAtHost] = (await peersAt(HOST)).filter((peer) => peer.party_id === GUEST);
    expect(guestAtHost?.last_contact).toBeGreaterThan(0);
    // The host has only answered the guest's calls: it has made none of its own to the guest yet.
    expect((await peersAt(GUEST)).map((peer) => [peer.party_id, peer.last_contact])).toEqual([[HOST, null]]);
  });

  it('creates every party its tasks, and the initiator a holder for each party', async () => {
    const atHost = await federation.post(HOST, '/v1/job/task/query', { job_id: jobId });
    const hostTasks = (atHost.data as TaskRow[]).map((t) => `${t.f_role} ${t.f_component_name} ${t.f_need_run}`).sort();
    expect(hostTasks).toEqual([
      'arbiter data_transform_0 true',
      'arbiter evaluation_0 true',
      'arbiter hetero_lr_0 true',
      'arbiter intersection_0 true',
      'arbiter reader_0 true',
      'host data_transform_0 true',
      'host evaluation_0 false',
      'host hetero_lr_0 true',
      'host intersection_0 true',
      'host reader_0 true',
    ]);
    const atGuest = await federation.post(GUEST, '/v1/job/task/query', { job_id: jobId });
    const guestTasks = atGuest.data as TaskRow[];
    expect(guestTasks).toHaveLength(15);
    expect(guestTasks.filter((t) => t.f_run_on_this_party).map((t) => t.f_party_id)).toEqual(Array(5).fill('9999'));
    expect(new Set(guestTasks.map((t) => `${t.f_task_version} ${t.f_party_status}`))).toEqual(new Set(['0 waiting']));
  });

  it('is listed at the guest, newest first, with FATE list keys', async () => {
    const listed = await federation.post(GUEST, '/v1/job/list/job', { limit: 10 });
    expect(listed.retcode).toBe(0);
    const data = listed.data as { count: number; jobs: Array<Record<string, unknown>> };
    expect(data.count).toBe(1);
    expect(data.jobs[0]).toMatchObject({ job_id: jobId, role: 'guest', party_id: '9999', status: 'waiting' });
  });

  it('is canceled everywhere when the initiator stops it, and a second stop changes nothing', async () => {
    const stopped = await federation.post(GUEST, '/v1/job/stop', { job_id: jobId });
    expect(stopped).toEqual({ retcode: 0, retmsg: 'success', jobId });
    for (const party of [GUEST, HOST]) {
      const rows = (await federation.post(party, '/v1/job/query', { job_id: jobId })).data as JobRow[];
      expect(rows.map((r) => [r.f_status, r.f_tag])).toEqual(rows.map(() => ['canceled', 'job_end']));
    }
    const before = await storeSnapshot(federation.site(HOST), federation.dataDir);
    const again = await federation.post(GUEST, '/v1/job/stop', { job_id: jobId });
    expect(again).toEqual({ retcode: 10, retmsg: `job ${jobId} is already canceled; nothing to stop`, jobId });
    expect(await storeSnapshot(federation.site(HOST), federation.dataDir)).toEqual(before);
  });

  it('answers a stop at a party whose part has ended that there is nothing to stop, and changes nothing', async () => {
    const before = await storeSnapshot(federation.site(HOST), federation.dataDir);
    const again = await federation.post(HOST, '/v1/job/stop', { job_id: jobId });
    expect(again).toEqual({ retcode: 10, retmsg: `job ${jobId} is already canceled here; nothing to stop`, jobId });
    expect(await storeSnapshot(federation.site(HOST), federation.dataDir)).toEqual(before);
  });
});

describe('submitting in both of FATE body spellings', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await startTestFederation();
  });
  afterAll(async () => {
    await federation.stop();
  });

  it('accepts {dsl, runtime_conf} as well as {job_dsl, job_runtime_conf}', async () => {
    const { dsl, conf } = exampleJob('hetero-lr');
    const first = await federation.post(GUEST, '/v1/job/submit', { dsl, runtime_conf: conf });
    const second = await federation.post(GUEST, '/v1/job/submit', { job_dsl: dsl, job_runtime_conf: conf });
    expect([first.retcode, second.retcode]).toEqual([0, 0]);
    expect(first.jobId).not.toBe(second.jobId);
    const listed = await federation.post(HOST, '/v1/job/list/job', { limit: 10 });
    expect((listed.data as { count: number }).count).toBe(4);
  });

  it('refuses a job whose initiator is another party and stores nothing', async () => {
    const { dsl, conf } = exampleJob('hetero-lr');
    const before = await storeSnapshot(federation.site(HOST), federation.dataDir);
    const refused = await federation.post(HOST, '/v1/job/submit', { dsl, runtime_conf: conf });
    expect(refused).toEqual({
      retcode: 101,
      retmsg:
        "runtime_conf.initiator.party_id: this site is party 10000; a job is submitted at its initiator's site (party 9999)",
    });
    expect(await storeSnapshot(federation.site(HOST), federation.dataDir)).toEqual(before);
  });
});

describe('a party that checks grants', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await startTestFederation({
      sites: [{ party_id: GUEST }, { party_id: HOST, permission_check: true }],
    });
  });
  afterAll(async () => {
    await federation.stop();
  });

  it('refuses a job it has not granted, naming what and who, and the job fails at the initiator', async () => {
    const { dsl, conf } = exampleJob('hetero-lr');
    const before = await storeSnapshot(federation.site(HOST), federation.dataDir, { exceptDeliveries: true });
    const refused = await federation.post(GUEST, '/v1/job/submit', { dsl, runtime_conf: conf });
    expect(refused.retcode).toBe(104);
    expect(refused.retmsg).toMatch(
      /^create job \d{21} failed: host 10000: party 10000 has not granted party 9999: component datatransform, evaluation, heterolr, intersection, reader; dataset experiment\/breast_hetero_host; arbiter 10000: party 10000 has not granted party 9999: component datatransform, evaluation, heterolr, intersection, reader$/,
    );
    expect(await storeSnapshot(federation.site(HOST), federation.dataDir, { exceptDeliveries: true })).toEqual(before);
    const rows = (await federation.post(GUEST, '/v1/job/list/job', { limit: 1 })).data as {
      jobs: Array<{ status: string; tag: string }>;
    };
    expect(rows.jobs.map((j) => [j.status, j.tag])).toEqual([['failed', 'submit_failed']]);
  });

  it('accepts the job once the components and the dataset are granted', async () => {
    const granted = await federation.post(HOST, '/v1/permission/grant', {
      party_id: GUEST,
      component: 'reader,dataTransform,intersection,heterolr,evaluation',
      dataset: [{ namespace: 'experiment', name: 'breast_hetero_host' }],
    });
    expect(granted.retcode).toBe(0);
    const query = await federation.post(HOST, '/v1/permission/query', { party_id: '9999' });
    expect(query.data).toEqual({
      component: ['datatransform', 'evaluation', 'heterolr', 'intersection', 'reader'],
      dataset: [{ namespace: 'experiment', name: 'breast_hetero_host' }],
    });
    const { dsl, conf } = exampleJob('hetero-lr');
    const accepted = await federation.post(GUEST, '/v1/job/submit', { dsl, runtime_conf: conf });
    expect(accepted.retcode).toBe(0);
  });
});
