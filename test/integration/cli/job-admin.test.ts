import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { toyJob } from '../../../cli/commands/test-toy.js';
import { FlowClient } from '../../../client/flow-client.js';
import { type CliFederation, flow, GUEST, startCliFederation, TOKEN } from './support/flow-cli.js';

let sites: CliFederation;
let guest: { url: string };
let jobId: string;

beforeAll(async () => {
  sites = await startCliFederation();
  guest = { url: sites.url(GUEST) };
  const client = new FlowClient({ url: guest.url, token: TOKEN });
  const submitted = await client.post(
    '/v1/job/submit',
    toyJob({ guestPartyId: '9999', hostPartyId: '10000', taskCores: 1 }),
  );
  jobId = String(submitted.jobId);
  // What the guest's runner would have written: its log file, where the launcher puts it.
  const logDir = join(
    sites.workDir,
    'sites',
    `party-${GUEST}`,
    'logs',
    jobId,
    'guest',
    String(GUEST),
    'secure_add_example_0',
  );
  await mkdir(logDir, { recursive: true });
  const line = {
    level: 'INFO',
    message: 'secure_add_guest: success to calculate secure_sum, it is 7',
    timestamp: 'T',
    job: jobId,
  };
  await writeFile(join(logDir, 'v0.log'), `${JSON.stringify(line)}\n`);
});

afterAll(async () => {
  await sites.stop();
});

describe('flow job log / component list / component parameters / job update / resource return', () => {
  it("unpacks the job's logs into DIR/job_<id>_log, FATE's layout", async () => {
    const out = join(sites.workDir, 'out');
    const result = await flow(['job', 'log', '-j', jobId, '-o', out], guest);
    const directory = join(out, `job_${jobId}_log`);
    expect([result.code, result.json]).toEqual([
      0,
      { retcode: 0, directory, retmsg: `download successfully, please check ${directory} directory` },
    ]);
    expect(await readFile(join(directory, 'guest', String(GUEST), 'INFO.log'), 'utf8')).toBe(
      `[INFO] [T] [${jobId}] [secure_add_example_0 v0] - secure_add_guest: success to calculate secure_sum, it is 7\n`,
    );
  });

  it("prints the site's answer and exits 1 for a job the site does not know", async () => {
    const result = await flow(['job', 'log', '-j', '202601010000000000001', '-o', sites.workDir], guest);
    expect([result.code, result.json.retcode]).toEqual([1, 101]);
  });

  it("lists the job's components and shows one's parameters at a party", async () => {
    const listed = await flow(['component', 'list', '-j', jobId], guest);
    expect(listed.json).toEqual({ retcode: 0, retmsg: 'success', data: { components: ['secure_add_example_0'] } });
    const parameters = await flow(
      ['component', 'parameters', '-j', jobId, '-r', 'host', '-p', '10000', '-cpn', 'secure_add_example_0'],
      guest,
    );
    expect(parameters.json).toEqual({
      retcode: 0,
      retmsg: 'success',
      data: { module: 'SecureAddExample', ComponentParam: { seed: 321, partition: 4, data_num: 1000 } },
    });
  });

  it('keeps notes and returns resources the job does not hold', async () => {
    const updated = await flow(['job', 'update', '-j', jobId, '-r', 'guest', '-p', '9999', '--notes', 'toy'], guest);
    expect([updated.code, updated.json]).toEqual([0, { retcode: 0, retmsg: 'success' }]);
    const returned = await flow(['resource', 'return', '-j', jobId], guest);
    expect(returned.json.data).toEqual([
      { job_id: jobId, role: 'guest', party_id: GUEST, resource_in_use: false, resource_return_status: false },
    ]);
  });
});

describe('flow job dsl', () => {
  it('writes the predict DSL of the listed components into -o DIR, as FATE names it', async () => {
    const trainDsl = join(process.cwd(), 'examples/hetero-lr/dsl.json');
    const out = join(sites.workDir, 'dsl-out');
    const result = await flow(
      ['job', 'dsl', '--cpn-list', 'reader_0, hetero_lr_0', '--train-dsl-path', trainDsl, '-o', out],
      guest,
    );
    const match = /File path is: (.*predict_dsl_\d{14}\.json)$/.exec(String(result.json.retmsg));
    expect([result.code, result.json.retcode, match?.[1]?.startsWith(out)]).toEqual([0, 0, true]);
    expect(JSON.parse(await readFile(String(match?.[1]), 'utf8'))).toEqual({
      components: {
        reader_0: { module: 'Reader', output: { data: ['data'] } },
        hetero_lr_0: {
          module: 'HeteroLR',
          input: { data: { test_data: ['reader_0.data'] }, model: ['pipeline.hetero_lr_0.model'] },
          output: { data: ['data'] },
        },
      },
    });
  });
});

describe('flow component get-summary', () => {
  it("prints the summary, writes it under -o DIR as FATE's client names it, and refuses a missing DIR", async () => {
    const summary = { secure_sum: 7 };
    const ref = { jobId, component: 'secure_add_example_0', role: 'guest' as const, partyId: GUEST };
    await sites.federation.site(GUEST).services.tracking.putSummary({ ...ref, summary });
    const args = ['component', 'get-summary', '-j', jobId, '-r', 'guest', '-p', String(GUEST), '-cpn', ref.component];
    const printed = await flow(args, guest);
    expect([printed.code, printed.json]).toEqual([0, { retcode: 0, retmsg: 'success', data: summary }]);

    const out = join(sites.workDir, 'summary-out');
    await mkdir(out, { recursive: true });
    const written = await flow([...args, '-o', out], guest);
    const match = /File path is: (.*summary_secure_add_example_0_\d{14}\.json)\.$/.exec(String(written.json.retmsg));
    expect([written.code, written.json.retcode, match?.[1]?.startsWith(out)]).toEqual([0, 0, true]);
    expect(JSON.parse(await readFile(String(match?.[1]), 'utf8'))).toEqual(summary);

    const missing = await flow([...args, '-o', join(out, 'absent')], guest);
    expect(missing.json).toEqual({ retcode: 100, retmsg: 'Please input a valid directory path.' });
  });
});

describe('flow table bind / disable', () => {
  it('binds a local file from a FATE conf and disables it', async () => {
    const path = join(sites.workDir, 'guest.csv');
    await writeFile(path, 'id,x0\n1,0.5\n');
    const conf = join(sites.workDir, 'bind.json');
    await writeFile(conf, JSON.stringify({ engine: 'PATH', address: { path }, namespace: 'experiment', name: 'kept' }));
    const bound = await flow(['table', 'bind', '-c', conf], guest);
    expect(bound.json).toEqual({
      retcode: 0,
      retmsg: 'success',
      data: { table_name: 'kept', namespace: 'experiment' },
    });
    const again = await flow(['table', 'bind', '-c', conf, '--drop'], guest);
    expect(again.code).toBe(0);
    const disabled = await flow(['table', 'disable', '-n', 'experiment', '-t', 'kept'], guest);
    expect(disabled.json).toEqual({
      retcode: 0,
      retmsg: 'success',
      data: [{ table_name: 'kept', namespace: 'experiment' }],
    });
  });
});

describe('flow test toy', () => {
  it("submits FATE's toy job at the guest, reports its status until the timeout, and exits 1 when it has not succeeded", async () => {
    // Scheduling is off at these sites: the job stays waiting, so the one-second timeout ends the wait.
    const result = await flow(['test', 'toy', '-gid', '9999', '-hid', '10000', '--timeout', '1'], {
      ...guest,
      cwd: sites.workDir,
    });
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^toy test job \d{21} is waiting$/);
    expect(lines[1]).toBe('check job status timeout');
  });
});
