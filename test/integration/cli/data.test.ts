import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CliFederation, flow, GUEST, startCliFederation, succeeded } from './support/flow-cli.js';

const CSV = 'id,y,x0,x1\na1,1,0.5,-1.25\na2,0,0.25,3\na3,1,1,0\n';

let sites: CliFederation;
let guest: { url: string; cwd: string };
let confPath: string;
/** The job of the first upload, whose upload_0 output the tests download. */
let uploadJob: string;

beforeAll(async () => {
  sites = await startCliFederation();
  guest = { url: sites.url(GUEST), cwd: sites.workDir };
  const dataDir = join(sites.workDir, 'data');
  await mkdir(dataDir);
  await writeFile(join(dataDir, 'breast.csv'), CSV);
  // `file` is relative to the conf's folder (the commands run from workDir).
  confPath = join(dataDir, 'upload.json');
  const conf = { file: 'breast.csv', head: 1, partition: 4, namespace: 'experiment', table_name: 'breast' };
  await writeFile(confPath, JSON.stringify(conf));
  const upload = succeeded(await flow(['data', 'upload', '-c', confPath], guest));
  uploadJob = String(upload.json.jobId);
}, 30_000);

afterAll(async () => {
  await sites.stop();
});

describe('flow data upload', () => {
  it('stores the table, as table info shows with its count and schema', async () => {
    const result = await flow(['table', 'info', '-n', 'experiment', '-t', 'breast'], guest);
    expect(result.code).toBe(0);
    const { exist, count, partition, schema, origin, job_id: jobId } = result.json.data as Record<string, unknown>;
    expect({ exist, count, partition, schema, origin, jobId }).toEqual({
      exist: 1,
      count: 3,
      partition: 4,
      schema: { header: 'y,x0,x1', sid: 'id' },
      origin: 'upload',
      jobId: uploadJob,
    });
  });

  it('refuses to replace the table without --drop and exits 1', async () => {
    const result = await flow(['data', 'upload', '-c', confPath], guest);
    expect(result.code).toBe(1);
    expect(result.json).toEqual({
      retcode: 100,
      retmsg: 'table experiment.breast already exists; upload with --drop (drop: 1) to replace it',
    });
  });

  it('finds a relative file from the current folder first, as FATE does, and replaces with --drop', async () => {
    const conf = { file: 'data/breast.csv', head: 1, partition: 2, namespace: 'experiment', table_name: 'copy' };
    const path = join(sites.workDir, 'copy.json');
    await writeFile(path, JSON.stringify(conf));
    const first = await flow(['data', 'upload', '-c', path], guest);
    const again = await flow(['data', 'upload', '-c', path, '--drop', '--verbose'], guest);
    expect([first.code, again.code]).toEqual([0, 0]);
    const data = again.json.data as Record<string, unknown>;
    expect([data.namespace, data.table_name, data.count, again.json.jobId]).toEqual([
      'experiment',
      'copy',
      3,
      data.job_id,
    ]);
  });

  it("prints FATE's message and exits 1 when the file does not exist", async () => {
    const path = join(sites.workDir, 'missing.json');
    await writeFile(
      path,
      JSON.stringify({ file: '/nowhere/x.csv', head: 1, partition: 1, namespace: 'n', table_name: 't' }),
    );
    const result = await flow(['data', 'upload', '-c', path], guest);
    expect([result.code, result.json]).toEqual([
      1,
      {
        retcode: 100,
        retmsg:
          'The file is obtained from the fate flow client machine, but it does not exist, please check the path: /nowhere/x.csv',
      },
    ]);
  });
});

describe('flow component output-data', () => {
  const args = (cpn: string, out: string) => ['-j', uploadJob, '-r', 'local', '-p', '9999', '-cpn', cpn, '-o', out];

  it("extracts upload_0's data.csv and data.meta into FATE's folder", async () => {
    const out = join(sites.workDir, 'outputs');
    const result = await flow(['component', 'output-data', ...args('upload_0', out)], guest);
    const directory = join(out, `job_${uploadJob}_upload_0_local_9999_output_data`);
    expect([result.code, result.json]).toEqual([
      0,
      { retcode: 0, directory, retmsg: `Download successfully, please check ${directory} directory` },
    ]);
    expect((await readdir(directory)).sort()).toEqual(['data.csv', 'data.meta']);
    expect(await readFile(join(directory, 'data.csv'), 'utf8')).toBe(CSV);
    expect(JSON.parse(await readFile(join(directory, 'data.meta'), 'utf8'))).toEqual({
      header: ['id', 'y', 'x0', 'x1'],
      total: 3,
      sid: 'id',
      delimiter: ',',
    });
  });

  it('prints the envelope and exits 1 when the site answers one instead of the archive', async () => {
    const out = join(sites.workDir, 'nothing');
    const result = await flow(['tracking', 'output-data', ...args('reader_0', out)], guest);
    expect([result.code, result.json]).toEqual([
      1,
      { retcode: 101, retmsg: `no data output for reader_0 of job ${uploadJob} at local 9999` },
    ]);
  });
});

describe('flow component output-model', () => {
  it('exits 1 with retcode 101 for a component without a model', async () => {
    const args = ['-j', uploadJob, '-r', 'local', '-p', '9999', '-cpn', 'upload_0'];
    const result = await flow(['component', 'output-model', ...args], guest);
    expect([result.code, result.json]).toEqual([
      1,
      { retcode: 101, retmsg: `no model output for upload_0 of job ${uploadJob} at local 9999` },
    ]);
  });
});

describe('flow data download', () => {
  it('writes the table to output_path and prints its line count', async () => {
    const output = join(sites.workDir, 'downloads', 'breast.csv');
    const path = join(sites.workDir, 'download.json');
    await writeFile(path, JSON.stringify({ namespace: 'experiment', table_name: 'breast', output_path: output }));
    const result = await flow(['data', 'download', '-c', path], guest);
    expect([result.code, result.json]).toEqual([
      0,
      {
        retcode: 0,
        retmsg: `download successfully, please check ${output}`,
        data: { namespace: 'experiment', table_name: 'breast', output_path: output, line_count: 4 },
      },
    ]);
    expect(await readFile(output, 'utf8')).toBe(CSV);
  });
});

describe('flow table delete', () => {
  it('deletes the table, after which table info says it does not exist', async () => {
    const deleted = await flow(['table', 'delete', '-n', 'experiment', '-t', 'copy'], guest);
    const info = await flow(['table', 'info', '-n', 'experiment', '-t', 'copy'], guest);
    expect([deleted.json, info.json]).toEqual([
      { retcode: 0, retmsg: 'success', data: { namespace: 'experiment', table_name: 'copy' } },
      { retcode: 0, retmsg: 'success', data: { exist: 0, namespace: 'experiment', table_name: 'copy' } },
    ]);
  });

  it('exits 1 with retcode 101 for a table that does not exist', async () => {
    const result = await flow(['table', 'delete', '-n', 'experiment', '-t', 'absent'], guest);
    expect([result.code, result.json]).toEqual([
      1,
      { retcode: 101, retmsg: 'no find table: experiment.absent does not exist' },
    ]);
  });
});
