import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fateRequest, pythonJson } from './fate-client.js';

/** One request of FATE's `flow` client, as it sends it (`-p` party ids as strings), and what came back. */
export interface ReplayedCall {
  readonly command: string;
  readonly status: number;
  /** The envelope's retcode; 0 for a file (FATE's client takes a 200 non-JSON answer as the download). */
  readonly retcode: number;
}

/**
 * FATE client 1.11's requests for issue #13 item 3's routes, in an order that leaves the job's
 * clean for last: `job log`, `job view`, `job dsl`, `job update`, `component list / parameters /
 * output-data-table`, `resource return`, `table bind / add / disable` (a file at `csvPath`),
 * `component get-summary` (with and without `-o`; the component must have recorded a summary), `job clean`.
 */
export async function replayFateClient(
  apiUrl: string,
  job: { readonly jobId: string; readonly partyId: number; readonly component: string },
  csvPath: string,
): Promise<ReplayedCall[]> {
  const party = { role: 'guest', party_id: String(job.partyId) };
  const ref = { job_id: job.jobId, ...party, component_name: job.component };
  const bound = { engine: 'PATH', address: { path: csvPath }, namespace: 'experiment', head: 1, id_delimiter: ',' };
  const trainDsl = await readFile(join(process.cwd(), 'examples/hetero-lr/dsl.json'), 'utf8');
  const calls: [string, string, Record<string, unknown>][] = [
    ['job log', '/v1/job/log/download', { job_id: job.jobId, output_path: '/tmp/fate-client' }],
    ['job view', '/v1/job/data/view/query', { job_id: job.jobId, ...party }],
    ['job dsl', '/v1/job/dsl/generate', { cpn_str: 'reader_0, hetero_lr_0', train_dsl: trainDsl, version: '2' }],
    ['job update', '/v1/job/update', { job_id: job.jobId, ...party, notes: 'replayed' }],
    ['component list', '/v1/tracking/component/list', { job_id: job.jobId }],
    ['component parameters', '/v1/tracking/component/parameters', ref],
    ['component output-data-table', '/v1/tracking/component/output/data/table', ref],
    ['resource return', '/v1/resource/return', { job_id: job.jobId }],
    ['table bind', '/v1/table/bind', { ...bound, name: 'replayed_bind' }],
    ['table add', '/v1/table/add', { ...bound, name: 'replayed_add' }],
    ['table disable', '/v1/table/disable', { namespace: 'experiment', table_name: 'replayed_add' }],
    ['component get-summary', '/v1/tracking/component/summary/download', ref],
    [
      'component get-summary -o',
      '/v1/tracking/component/summary/download',
      { ...ref, output_path: '/tmp/fate-client', filename: `summary_${job.component}_20261207102030.json` },
    ],
    ['job clean', '/v1/job/clean', { job_id: job.jobId }],
  ];
  const replayed: ReplayedCall[] = [];
  for (const [command, path, body] of calls) {
    const answer = await fateRequest(apiUrl, 'POST', path, Buffer.from(pythonJson(body)), 'application/json');
    const isJson = String(answer.headers['content-type'] ?? '').startsWith('application/json');
    const retcode = isJson ? Number((JSON.parse(answer.body.toString()) as { retcode: unknown }).retcode) : 0;
    replayed.push({ command, status: answer.status, retcode });
  }
  return replayed;
}
