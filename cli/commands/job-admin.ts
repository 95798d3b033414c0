import { resolve } from 'node:path';
import type { Command } from 'commander';
import { action } from '../output.js';
import { extractArchive } from './component.js';
import { fateBody, fateOption } from './fate-flags.js';
import { registerJobDslCommand } from './job-dsl.js';
import { isEnvelopeAnswer, printEnvelope, printEnvelopeAnswer, siteClient } from './site.js';

/** `flow job log|view|clean|update|dsl`: a job's logs, outputs and notes after the fact; a predict DSL. */
export function registerJobAdminCommands(job: Command): void {
  registerJobDslCommand(job);
  job
    .command('log')
    .description('Log Job Command')
    .addOption(fateOption('jobId', true))
    .addOption(fateOption('outputPath', true))
    .action(
      action(async (options: { jobId: string; outputPath: string }, command: Command) => {
        const result = await downloadJobLog(await siteClient(command), options.jobId, options.outputPath);
        if ('answer' in result) return printEnvelopeAnswer(result.answer);
        printEnvelope(result.envelope);
      }),
    );
  registerPost(job, 'view', 'Query Job Data View Command', '/v1/job/data/view/query', (command) =>
    command
      .addOption(fateOption('jobId', true))
      .addOption(fateOption('role'))
      .addOption(fateOption('partyId'))
      .addOption(fateOption('componentName')),
  );
  registerPost(job, 'clean', 'Clean Job Command', '/v1/job/clean', (command) =>
    command
      .addOption(fateOption('jobId', true))
      .addOption(fateOption('role'))
      .addOption(fateOption('partyId'))
      .addOption(fateOption('componentName')),
  );
  registerPost(job, 'update', "Update Job Notes Command (FATE's job description)", '/v1/job/update', (command) =>
    command
      .addOption(fateOption('jobId', true))
      .addOption(fateOption('role', true))
      .addOption(fateOption('partyId', true))
      .requiredOption('--notes <notes>', 'The notes to keep with the job.'),
  );
}

function registerPost(
  job: Command,
  verb: string,
  description: string,
  path: string,
  withOptions: (command: Command) => Command,
): void {
  withOptions(job.command(verb).description(description)).action(
    action(async (options: object, command: Command) => {
      printEnvelope(await (await siteClient(command)).post(path, fateBody(options)));
    }),
  );
}

type SiteClient = Awaited<ReturnType<typeof siteClient>>;

/**
 * FATE's `job log -j -o DIR`: the job's logs at the site, unpacked into `DIR/job_<id>_log/`. Either
 * FATE's printed answer, or the site's own answer when no archive came (a failure).
 */
export async function downloadJobLog(
  client: SiteClient,
  jobId: string,
  outputPath: string,
): Promise<
  | { readonly envelope: { retcode: number; retmsg: string; directory?: string } }
  | { readonly answer: Awaited<ReturnType<SiteClient['fetchFile']>> }
> {
  const response = await client.fetchFile('POST', '/v1/job/log/download', { job_id: jobId, output_path: outputPath });
  if (isEnvelopeAnswer(response)) return { answer: response };
  const directory = resolve(outputPath, `job_${jobId}_log`);
  if (!(await extractArchive(response, directory))) {
    return { envelope: { retcode: 100, retmsg: 'Download failed, please check if the parameters are correct.' } };
  }
  return { envelope: { retcode: 0, directory, retmsg: `download successfully, please check ${directory} directory` } };
}
