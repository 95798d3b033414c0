import { access, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Envelope, FlowClient } from '../../client/flow-client.js';
import { MAX_REQUEST_BODY_BYTES } from '../../functions/api/limits.js';
import { ArgumentError } from '../../functions/domain/errors.js';
import { action } from '../output.js';
import { fateBody, fateOption } from './fate-flags.js';
import { readJsonObject } from './json-values.js';
import { isEnvelopeAnswer, printEnvelope, printEnvelopeAnswer, siteClient } from './site.js';

interface UploadOptions {
  confPath: string;
  verbose: boolean;
  drop: boolean;
}

/** `flow data upload|download -c conf`. */
export function registerDataCommands(program: Command): void {
  const data = program.command('data').description('Data Operations');
  registerUpload(data);
  registerDownload(data);
}

/**
 * FATE's upload: the conf plus `conf_path`, `verbose` and `drop` (0|1, the flags always win over
 * the conf's own, as in FATE) goes as the whole query string, the CSV as the multipart part "file".
 * With `use_local_data: 0` the conf is POSTed as JSON instead. A file over the API's body limit goes
 * through a presigned URL, streamed (stagedUpload).
 */
function registerUpload(data: Command): void {
  data
    .command('upload')
    .description('Upload Table Command')
    .addOption(fateOption('confPath', true))
    .option('--verbose', 'Verbose mode: feedback on the upload task in progress.', false)
    .option('--drop', 'Replace a table of the same name; otherwise the upload is refused.', false)
    .action(
      action(async (options: UploadOptions, command: Command) => {
        const conf = await readJsonObject(options.confPath, 'upload conf');
        const body = {
          ...conf,
          conf_path: options.confPath,
          verbose: Number(options.verbose),
          drop: Number(options.drop),
        };
        const client = await siteClient(command);
        if (!(conf.use_local_data ?? 1)) return printEnvelope(await client.post('/v1/data/upload', body));
        const file = await findUploadFile(conf.file, options.confPath);
        if (!file.found) {
          return printEnvelope({
            retcode: 100,
            retmsg: `The file is obtained from the fate flow client machine, but it does not exist, please check the path: ${file.path}`,
          });
        }
        if ((await stat(file.path)).size > DIRECT_UPLOAD_BYTES) {
          return printEnvelope(await stagedUpload(client, body, file.path));
        }
        printEnvelope(await client.upload('/v1/data/upload', body, basename(file.path), await readFile(file.path)));
      }),
    );
}

/**
 * The largest file sent inside the upload request itself: the API's body limit less room for the
 * multipart framing. A larger one goes presign → PUT → complete.
 */
export const DIRECT_UPLOAD_BYTES = MAX_REQUEST_BODY_BYTES - 64 * 1024;

/**
 * An upload over the API's body limit: the site hands out a presigned URL for the conf, the file
 * streams to it from disk (S3 in AWS, the site's own server locally), and `upload/complete` runs
 * the upload from the staged file. The answer is the direct upload's.
 */
async function stagedUpload(client: FlowClient, conf: Record<string, unknown>, path: string): Promise<Envelope> {
  const presigned = await client.post('/v1/data/upload/presign', conf);
  if (presigned.retcode !== 0) return presigned;
  const { upload_id: uploadId, url } = (presigned.data ?? {}) as { upload_id?: unknown; url?: unknown };
  if (typeof uploadId !== 'string' || typeof url !== 'string') {
    return { retcode: 100, retmsg: 'the site answered the upload presign without an upload_id and url' };
  }
  const status = await client.putFile(url, path);
  if (status !== 200) return { retcode: 100, retmsg: `the file's PUT to the presigned URL answered HTTP ${status}` };
  return client.post('/v1/data/upload/complete', { ...conf, upload_id: uploadId });
}

/**
 * The conf's `file`: absolute as it is; relative, first from the current folder (where FATE's
 * client looks), then from the conf's folder (so a conf kept beside its CSV works from anywhere).
 */
async function findUploadFile(file: unknown, confPath: string): Promise<{ path: string; found: boolean }> {
  if (typeof file !== 'string' || file === '') throw new ArgumentError('upload conf: file is required');
  const candidates = isAbsolute(file) ? [file] : [resolve(file), resolve(dirname(confPath), file)];
  for (const path of candidates) {
    if (await exists(path)) return { path, found: true };
  }
  return { path: candidates.join(' or '), found: false };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * `flow data download -c conf` (namespace, table_name, output_path, delimiter?). FATE's server
 * writes output_path on its own disk; ours answers with the CSV, which we write to output_path
 * (relative to the current folder, as FATE's client makes it absolute).
 */
function registerDownload(data: Command): void {
  data
    .command('download')
    .description('Download Table Command')
    .addOption(fateOption('confPath', true))
    .action(
      action(async (options: { confPath: string }, command: Command) => {
        const conf = await readJsonObject(options.confPath, 'download conf');
        if (typeof conf.output_path !== 'string' || conf.output_path === '') {
          throw new ArgumentError('download conf: output_path is required');
        }
        const outputPath = resolve(conf.output_path);
        const body = { ...conf, output_path: outputPath, ...fateBody(options) };
        const response = await (await siteClient(command)).fetchFile('POST', '/v1/data/download', body);
        if (isEnvelopeAnswer(response)) return printEnvelopeAnswer(response);
        await mkdir(dirname(outputPath), { recursive: true });
        await writeFile(outputPath, response.body);
        printEnvelope({
          retcode: 0,
          retmsg: `download successfully, please check ${outputPath}`,
          data: {
            namespace: conf.namespace,
            table_name: conf.table_name,
            output_path: outputPath,
            line_count: lineCount(response.body),
          },
        });
      }),
    );
}

/** Lines in the file: newline-terminated ones plus a last one without its newline. */
function lineCount(content: Buffer): number {
  let count = 0;
  for (const byte of content) if (byte === 0x0a) count++;
  return content.length > 0 && content[content.length - 1] !== 0x0a ? count + 1 : count;
}
