import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import type { RawResponse } from '../../client/flow-client.js';
import { action } from '../output.js';
import { type Format, formatOption, printListing } from '../view/format-option.js';
import { metricsTable } from '../view/listings.js';
import { fateBody, fateOption, rowLimitOption } from './fate-flags.js';
import { stamp } from './job-dsl.js';
import { isEnvelopeAnswer, printEnvelope, printEnvelopeAnswer, siteClient } from './site.js';

interface ComponentOptions {
  jobId: string;
  role: string;
  partyId: string;
  componentName: string;
}

interface OutputDataOptions extends ComponentOptions {
  outputPath: string;
  limit: number;
}

/** The JSON queries: FATE's verb, its help and our route. */
const QUERIES = [
  ['metrics', 'Component Metrics Command', '/v1/tracking/component/metrics'],
  ['metric-all', 'Component Metric All Command', '/v1/tracking/component/metric/all'],
  ['output-model', 'Component Output Model Command', '/v1/tracking/component/output/model'],
  ['parameters', 'Component Parameters Command', '/v1/tracking/component/parameters'],
  ['output-data-table', 'Component Output Data Table Command', '/v1/tracking/component/output/data/table'],
] as const;

/** `flow component …` and its twin `flow tracking …`: one component's metrics and outputs at one party. */
export function registerComponentCommands(program: Command): void {
  for (const group of ['component', 'tracking']) {
    const command = program.command(group).description('Component Operations');
    for (const [verb, description, path] of QUERIES) registerQuery(command, verb, description, path);
    registerOutputData(command);
    registerGetSummary(command);
    command
      .command('list')
      .description('List Components Command')
      .addOption(fateOption('jobId', true))
      .action(
        action(async (options: { jobId: string }, command: Command) => {
          printEnvelope(await (await siteClient(command)).post('/v1/tracking/component/list', fateBody(options)));
        }),
      );
  }
}

function withComponent(command: Command): Command {
  return command
    .addOption(fateOption('jobId', true))
    .addOption(fateOption('role', true))
    .addOption(fateOption('partyId', true))
    .addOption(fateOption('componentName', true));
}

function registerQuery(group: Command, verb: string, description: string, path: string): void {
  const query = withComponent(group.command(verb).description(description));
  // Only `metrics` is a listing (namespaces and metric names); the others answer documents.
  if (verb === 'metrics') query.addOption(formatOption());
  query.action(
    action(async ({ format, ...options }: ComponentOptions & { format?: Format }, command: Command) => {
      const envelope = await (await siteClient(command)).post(path, fateBody(options));
      if (verb === 'metrics') printListing(envelope, format, metricsTable);
      else printEnvelope(envelope);
    }),
  );
}

/**
 * `output-data -o DIR`: FATE's GET with a JSON body; the gzip tar is unpacked into
 * `DIR/job_<job>_<cpn>_<role>_<party>_output_data/`.
 */
function registerOutputData(group: Command): void {
  withComponent(group.command('output-data').description('Component Output Data Command'))
    .addOption(fateOption('outputPath', true))
    .addOption(rowLimitOption())
    .action(
      action(async (options: OutputDataOptions, command: Command) => {
        const client = await siteClient(command);
        const response = await client.fetchFile(
          'GET',
          '/v1/tracking/component/output/data/download',
          fateBody(options),
        );
        if (isEnvelopeAnswer(response)) return printEnvelopeAnswer(response);
        const name = `job_${options.jobId}_${options.componentName}_${options.role}_${options.partyId}_output_data`;
        const directory = resolve(options.outputPath, name);
        if (!(await extractArchive(response, directory))) {
          return printEnvelope({
            retcode: 100,
            retmsg: 'Download failed, please check if the parameters are correct.',
          });
        }
        printEnvelope({ retcode: 0, directory, retmsg: `Download successfully, please check ${directory} directory` });
      }),
    );
}

/**
 * `get-summary [-o DIR]`: the component's summary as JSON, or with `-o` (a directory that must
 * exist, as FATE's client checks) written to `DIR/summary_<component>_<YYYYMMDDhhmmss>.json`.
 */
function registerGetSummary(group: Command): void {
  withComponent(group.command('get-summary').description('Download Component Summary Command'))
    .addOption(fateOption('outputPath'))
    .action(
      action(async ({ outputPath, ...options }: ComponentOptions & { outputPath?: string }, command: Command) => {
        const path = '/v1/tracking/component/summary/download';
        const client = await siteClient(command);
        if (outputPath === undefined) return printEnvelope(await client.post(path, fateBody(options)));
        const directory = resolve(outputPath);
        if (!(await isDirectory(directory))) {
          return printEnvelope({ retcode: 100, retmsg: 'Please input a valid directory path.' });
        }
        const filename = `summary_${options.componentName}_${stamp(new Date())}.json`;
        const response = await client.fetchFile('POST', path, { ...fateBody(options), filename });
        if (isEnvelopeAnswer(response)) return printEnvelopeAnswer(response);
        const target = join(directory, filename);
        await writeFile(target, response.body);
        printEnvelope({
          retcode: 0,
          retmsg: `The summary of component <${options.componentName}> has been stored successfully. File path is: ${target}.`,
        });
      }),
    );
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() === true;
}

/** Unpacks the answer into directory; false when it is not a gzip tar or names a path outside it. */
export async function extractArchive(response: RawResponse, directory: string): Promise<boolean> {
  let files: Map<string, Buffer>;
  try {
    // Loaded here: tar-stream costs every other command's start.
    const { readTarGz } = await import('../../functions/services/tracking/output-archive.js');
    files = await readTarGz(response.body);
  } catch {
    return false;
  }
  const targets = [...files].map(([name, content]) => ({ path: resolve(directory, name), content }));
  if (targets.some(({ path }) => !isInside(directory, path))) return false;
  for (const { path, content } of targets) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
  await mkdir(directory, { recursive: true });
  return true;
}

function isInside(directory: string, path: string): boolean {
  const rel = relative(directory, path);
  return rel !== '' && rel.split(sep)[0] !== '..' && !isAbsolute(rel);
}
