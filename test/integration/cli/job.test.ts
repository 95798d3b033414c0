import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { stopJob } from '../../../functions/services/jobs/stop-job.js';
import { type CliFederation, flow, GUEST, HOST, ROOT, startCliFederation, succeeded } from './support/flow-cli.js';

const CONF = 'examples/hetero-lr/conf.json';
const DSL = 'examples/hetero-lr/dsl.json';
const MODEL_ID = 'arbiter-10000#guest-9999#host-10000#model';

type Row = Record<string, unknown>;

let sites: CliFederation;
let guest: { url: string };
let host: { url: string };
/** Submitted once, left waiting. */
let waitingJob: string;
/** Submitted once, stopped by its test. */
let stoppedJob: string;

async function submit(): Promise<string> {
  const result = succeeded(await flow(['job', 'submit', '-c', CONF, '-d', DSL], guest));
  return String(result.json.jobId);
}

function rowsOf(json: Row): Row[] {
  return json.data as Row[];
}

beforeAll(async () => {
  sites = await startCliFederation();
  guest = { url: sites.url(GUEST) };
  host = { url: sites.url(HOST) };
  [waitingJob, stoppedJob] = await Promise.all([submit(), submit()]);
}, 30_000);

afterAll(async () => {
  await sites.stop();
});

describe('flow job submit', () => {
  it("prints FATE's submit envelope with the job id, model info, the real folder of the job's logs and its board page", async () => {
    const result = await flow(['job', 'submit', '-c', CONF, '-d', DSL], guest);
    expect(result.code).toBe(0);
    const jobId = String(result.json.jobId);
    expect(result.json).toEqual({
      retcode: 0,
      retmsg: 'success',
      jobId,
      data: {
        job_id: jobId,
        model_info: { model_id: MODEL_ID, model_version: jobId },
        // Where the site writes the job's task logs (local/launcher/task-log-path.ts), and the job's
        // page on the board the site serves beside its API.
        logs_directory: join(sites.workDir, 'sites', `party-${GUEST}`, 'logs', jobId),
        board_url: `${guest.url}/board/#/job/${jobId}`,
      },
    });
  });

  it('prints the envelope indented by four spaces, as FATE prints it', async () => {
    const result = await flow(['job', 'query', '-j', waitingJob, '-r', 'guest'], guest);
    expect(result.stdout.startsWith('{\n    "retcode": 0,\n    "retmsg": "success",\n')).toBe(true);
  });
});

describe('flow job query', () => {
  it('shows the job waiting at the guest, without f_runtime_conf and f_dsl', async () => {
    const result = await flow(['job', 'query', '-j', waitingJob], guest);
    expect(result.code).toBe(0);
    const rows = rowsOf(result.json);
    expect(rows.map((row) => [row.f_role, row.f_party_id, row.f_status])).toEqual([['guest', '9999', 'waiting']]);
    expect(rows.map((row) => ['f_runtime_conf' in row, 'f_dsl' in row, 'f_runtime_conf_on_party' in row])).toEqual([
      [false, false, true],
    ]);
  });

  it('shows the job waiting at the host site, for its host and arbiter roles', async () => {
    const result = await flow(['job', 'query', '-j', waitingJob], host);
    expect(result.code).toBe(0);
    const rows = rowsOf(result.json).map((row) => [row.f_role, row.f_party_id, row.f_status]);
    expect(rows.sort()).toEqual([
      ['arbiter', '10000', 'waiting'],
      ['host', '10000', 'waiting'],
    ]);
  });

  it('filters by role, party id and status', async () => {
    const result = await flow(['job', 'query', '-j', waitingJob, '-r', 'host', '-p', '10000', '-s', 'waiting'], host);
    expect(rowsOf(result.json).map((row) => [row.f_job_id, row.f_role])).toEqual([[waitingJob, 'host']]);
  });

  it('exits 1 with retcode 101 for a job the site does not know', async () => {
    const result = await flow(['job', 'query', '-j', '202001010000000000000'], guest);
    expect(result.code).toBe(1);
    expect(result.json).toEqual({ retcode: 101, retmsg: 'find job failed: no job matches the query' });
  });
});

describe('flow job list', () => {
  it("lists the site's job rows, one per role it plays, newest job first, with their count", async () => {
    const result = await flow(['job', 'list'], host);
    expect(result.code).toBe(0);
    const data = result.json.data as { count: number; jobs: Row[] };
    const rows = data.jobs
      .filter((job) => job.job_id === waitingJob || job.job_id === stoppedJob)
      .map((job) => `${job.job_id}:${job.role}`);
    const [newer, older] = [waitingJob, stoppedJob].sort().reverse();
    expect([rows.slice(0, 2).sort(), rows.slice(2).sort()]).toEqual([
      [`${newer}:arbiter`, `${newer}:host`],
      [`${older}:arbiter`, `${older}:host`],
    ]);
    expect(data.count).toBe(data.jobs.length);
  });

  it('returns at most -l jobs', async () => {
    const result = await flow(['job', 'list', '-l', '1'], guest);
    expect((result.json.data as { jobs: Row[] }).jobs).toHaveLength(1);
  });
});

describe('flow job stop', () => {
  it('cancels the job at both parties', async () => {
    const result = await flow(['job', 'stop', '-j', stoppedJob], guest);
    expect(result.json).toEqual({ retcode: 0, retmsg: 'success', jobId: stoppedJob });
    const [atGuest, atHost] = await Promise.all([
      flow(['job', 'query', '-j', stoppedJob], guest),
      flow(['job', 'query', '-j', stoppedJob], host),
    ]);
    const statuses = [...rowsOf(atGuest.json), ...rowsOf(atHost.json)].map((row) => `${row.f_role}:${row.f_status}`);
    expect(statuses.sort()).toEqual(['arbiter:canceled', 'guest:canceled', 'host:canceled']);
  });
});

describe('flow job config', () => {
  it("writes the job's confs into job_<id>_config and prints the directory", async () => {
    const result = await flow(
      ['job', 'config', '-j', waitingJob, '-r', 'guest', '-p', '9999', '-o', sites.workDir],
      guest,
    );
    const directory = join(sites.workDir, `job_${waitingJob}_config`);
    expect(result.json).toEqual({
      retcode: 0,
      retmsg: `download successfully, please check ${directory} directory`,
      directory,
      data: {
        job_id: waitingJob,
        train_runtime_conf: {},
        model_info: { model_id: MODEL_ID, model_version: waitingJob },
      },
    });
    expect((await readdir(directory)).sort()).toEqual([
      'dsl.json',
      'model_info.json',
      'runtime_conf.json',
      'runtime_conf_on_party.json',
      'train_runtime_conf.json',
    ]);
    const written = async (name: string) => JSON.parse(await readFile(join(directory, name), 'utf8')) as Row;
    expect(await written('dsl.json')).toEqual(JSON.parse(await readFile(join(ROOT, DSL), 'utf8')));
    expect(await written('model_info.json')).toEqual({ model_id: MODEL_ID, model_version: waitingJob });
    // FATE's client adds the paths to the conf exactly as they were typed.
    const conf = await written('runtime_conf.json');
    expect([conf.conf_path, conf.dsl_path]).toEqual([CONF, DSL]);
  });
});

describe('flow task', () => {
  it('queries one component with -cpn, as FATE users type it', async () => {
    const result = await flow(
      ['task', 'query', '-j', waitingJob, '-r', 'guest', '-p', '9999', '-cpn', 'reader_0'],
      guest,
    );
    expect(result.code).toBe(0);
    expect(rowsOf(result.json).map((row) => [row.f_component_name, row.f_role, row.f_party_id, row.f_status])).toEqual([
      ['reader_0', 'guest', '9999', 'waiting'],
    ]);
  });

  it('takes the long form --component-name too', async () => {
    const result = await flow(
      ['task', 'query', '-j', waitingJob, '-r', 'guest', '--component-name', 'hetero_lr_0'],
      guest,
    );
    expect(rowsOf(result.json).map((row) => row.f_task_id)).toEqual([`${waitingJob}_hetero_lr_0`]);
  });

  it("lists a job's tasks a page at a time, with their count", async () => {
    const [all, page] = await Promise.all([
      flow(['task', 'query', '-j', waitingJob], guest),
      flow(['task', 'list', '-j', waitingJob, '-l', '2'], guest),
    ]);
    const data = page.json.data as { count: number; tasks: Row[] };
    expect([data.count, data.tasks.length]).toEqual([rowsOf(all.json).length, 2]);
  });
});

describe('flow component', () => {
  it("answers FATE's empty metrics for a component that has not run, with -cpn", async () => {
    const args = ['-j', waitingJob, '-r', 'guest', '-p', '9999', '-cpn', 'hetero_lr_0'];
    const [component, tracking] = await Promise.all([
      flow(['component', 'metrics', ...args], guest),
      flow(['tracking', 'metric-all', ...args], guest),
    ]);
    expect([component.code, component.json]).toEqual([0, { retcode: 0, retmsg: 'no data', data: {} }]);
    expect([tracking.code, tracking.json]).toEqual([0, { retcode: 0, retmsg: 'no data', data: {} }]);
  });
});

describe('listings with --format table', () => {
  it('prints job query, job list and task query as compact tables, and a refusal still as FATE JSON', async () => {
    const query = await flow(['job', 'query', '-j', waitingJob, '--format', 'table'], host);
    const lines = query.stdout.trimEnd().split('\n');
    expect([query.code, lines.length, lines[0]?.split(/\s{2,}/)]).toEqual([
      0,
      3,
      ['JOB ID', 'ROLE', 'PARTY', 'STATUS', 'PROGRESS', 'CREATED', 'ELAPSED', 'TAG'],
    ]);
    expect(
      lines
        .slice(1)
        .map((line) => line.split(/\s{2,}/).slice(0, 5))
        .sort(),
    ).toEqual([
      [waitingJob, 'arbiter', '10000', 'waiting', '0%'],
      [waitingJob, 'host', '10000', 'waiting', '0%'],
    ]);

    const list = await flow(['job', 'list', '-l', '1', '--format', 'table'], guest);
    expect(list.stdout.split('\n').length).toBe(3);

    const tasks = await flow(['task', 'query', '-j', waitingJob, '-cpn', 'hetero_lr_0', '--format', 'table'], guest);
    expect(
      tasks.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.split(/\s{2,}/)),
    ).toEqual([
      ['COMPONENT', 'VERSION', 'ROLE', 'PARTY', 'STATUS', 'ELAPSED', 'ERROR'],
      ['hetero_lr_0', '0', 'arbiter', '10000', 'waiting'],
      ['hetero_lr_0', '0', 'guest', '9999', 'waiting'],
      ['hetero_lr_0', '0', 'host', '10000', 'waiting'],
    ]);

    const refused = await flow(['job', 'query', '-j', '202001010000000000000', '--format', 'table'], guest);
    expect([refused.code, refused.json]).toEqual([
      1,
      { retcode: 101, retmsg: 'find job failed: no job matches the query' },
    ]);
  });
});

describe('flow job submit --wait', () => {
  it('follows the job until it ends and exits 1 when it did not succeed', async () => {
    // The sites here schedule nothing: the job waits until the guest's user stops it (through the
    // service: the in-process CLI runs one command at a time, and this one is the waiting submit).
    const guestSite = sites.federation.site(GUEST);
    let looks: Promise<void> = Promise.resolve();
    const stopper = setInterval(() => {
      // One look at a time, each awaited before the test ends (the stores close after it).
      looks = looks.then(async () => {
        const jobs = await guestSite.services.jobs.waitingInitiatorJobs(10);
        const fresh = jobs.find((job) => job.jobId !== waitingJob && !job.cancelSignal);
        if (fresh !== undefined) await stopJob(guestSite.services, fresh.jobId, 'canceled');
      });
    }, 20);
    const result = await flow(['job', 'submit', '-c', CONF, '-d', DSL, '--wait'], guest).finally(async () => {
      clearInterval(stopper);
      await looks;
    });
    const envelopeEnd = result.stdout.indexOf('\n}\n') + 3;
    const jobId = String((JSON.parse(result.stdout.slice(0, envelopeEnd)) as { jobId: string }).jobId);
    const view = result.stdout.slice(envelopeEnd).trimEnd().split('\n');
    expect([result.code, view.at(-1)]).toEqual([1, `job ${jobId} ended canceled`]);
    // Stopped before it was scheduled: no task of it ever ran.
    expect(view).toContain('  stage 4  hetero_lr_0  guest 9999 waiting, host 10000 waiting, arbiter 10000 waiting');
  }, 30_000);
});
