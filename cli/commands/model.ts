import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import type { RawResponse } from '../../client/flow-client.js';
import { ArgumentError } from '../../functions/domain/errors.js';
import { action } from '../output.js';
import { fateBody, fateOption } from './fate-flags.js';
import { readJsonObject } from './json-values.js';
import { registerInferCommand } from './model-infer.js';
import { isEnvelopeAnswer, printEnvelope, printEnvelopeAnswer, siteClient } from './site.js';

interface ModelOptions {
  modelId: string;
  modelVersion: string;
}

const modelIdOption = () => new Option('--model-id <model_id>', 'Parameter model id.').makeOptionMandatory();
const modelVersionOption = () =>
  new Option('--model-version <model_version>', 'Parameter model version.').makeOptionMandatory();

/** `flow model …`: FATE-Flow 1.11's model verbs and flags (`flow_cli/commands/model.py`). */
export function registerModelCommands(program: Command): void {
  const model = program.command('model').description('Model Operations');
  registerDeploy(model);
  registerConfCommand(model, 'load', 'Load Model Command', '/v1/model/load', false);
  registerConfCommand(model, 'bind', 'Bind Model Command', '/v1/model/bind', false);
  registerConfCommand(model, 'migrate', 'Migrate Model Command', '/v1/model/migrate', true);
  registerPredictFile(model, 'get-predict-dsl', 'Get predict dsl of model', '/v1/model/get/predict/dsl', 'predict_dsl');
  registerPredictFile(
    model,
    'get-predict-conf',
    'Get predict conf template',
    '/v1/model/get/predict/conf',
    'predict_conf',
  );
  registerModelInfo(model);
  registerExport(model);
  registerImport(model);
  registerInferCommand(model);
}

/**
 * `deploy --model-id --model-version [--cpn-list "a, b" | --cpn-path F | --dsl-path F]`: FATE's
 * client sends the component list as a list and a DSL file as its text.
 */
function registerDeploy(model: Command): void {
  model
    .command('deploy')
    .description('Deploy model')
    .addOption(modelIdOption())
    .addOption(modelVersionOption())
    .option('--cpn-list <list>', 'User inputs a string to specify component list')
    .option('--cpn-path <path>', 'User specifies a file path which records the component list.')
    .option('--dsl-path <path>', 'User specified predict dsl file')
    .action(
      action(
        async (options: ModelOptions & { cpnList?: string; cpnPath?: string; dslPath?: string }, command: Command) => {
          const body: Record<string, unknown> = { model_id: options.modelId, model_version: options.modelVersion };
          const cpnText =
            options.cpnList ?? (options.cpnPath === undefined ? undefined : await readFile(options.cpnPath, 'utf8'));
          if (cpnText !== undefined) {
            if (cpnText.includes('/') || cpnText.includes('\\')) {
              throw new ArgumentError("Component list string should not contain '/' or '\\'.");
            }
            body.cpn_list = cpnText
              .replace(/[\s]/g, '')
              .replace(/^[,[\]]+|[,[\]]+$/g, '')
              .split(',');
          } else if (options.dslPath !== undefined) {
            body.dsl = await readFile(options.dslPath, 'utf8');
          }
          body.components_checkpoint = {};
          printEnvelope(await (await siteClient(command)).post('/v1/model/deploy', body));
        },
      ),
    );
}

/** `load|bind [-c conf] [-j job_id]` and `migrate -c conf`: the conf is the body, `-j` adds job_id. */
function registerConfCommand(
  model: Command,
  verb: string,
  description: string,
  path: string,
  confRequired: boolean,
): void {
  const command = model.command(verb).description(description).addOption(fateOption('confPath', confRequired));
  if (!confRequired) command.addOption(fateOption('jobId'));
  command.action(
    action(async (options: { confPath?: string; jobId?: string }, cmd: Command) => {
      if (options.confPath === undefined && options.jobId === undefined) {
        throw new ArgumentError(`model ${verb}: give a conf (-c) or a job id (-j)`);
      }
      const conf = options.confPath === undefined ? {} : await readJsonObject(options.confPath, `${verb} conf`);
      const body = options.jobId === undefined ? conf : { ...conf, job_id: options.jobId };
      printEnvelope(await (await siteClient(cmd)).post(path, body));
    }),
  );
}

/** `get-predict-dsl|conf --model-id --model-version -o DIR`: FATE's client names the file, the site sends it. */
function registerPredictFile(model: Command, verb: string, description: string, path: string, stem: string): void {
  model
    .command(verb)
    .description(description)
    .addOption(modelIdOption())
    .addOption(modelVersionOption())
    .addOption(fateOption('outputPath', true))
    .action(
      action(async (options: ModelOptions & { outputPath: string }, command: Command) => {
        const filename = `${stem}_${options.modelVersion}.json`;
        const target = join(resolve(options.outputPath), filename);
        const body = { model_id: options.modelId, model_version: options.modelVersion, filename };
        const response = await (await siteClient(command)).fetchFile('POST', path, body);
        if (!(await savedFile(response, target))) return;
        const what = stem === 'predict_dsl' ? 'predict dsl' : 'predict conf';
        printEnvelope({ retcode: 0, retmsg: `Query ${what} successfully. File path is: ${target}` });
      }),
    );
}

/** `get-model-info --model-id --model-version [-r] [-p] [--detail]` (FATE's short list unless --detail). */
function registerModelInfo(model: Command): void {
  model
    .command('get-model-info')
    .description('Get information of model')
    .option('--model-id <model_id>', 'Parameter model id.')
    .addOption(modelVersionOption())
    .addOption(fateOption('role'))
    .addOption(fateOption('partyId'))
    .option('--detail', 'Show details', false)
    .action(
      action(
        async (
          options: Partial<ModelOptions> & { role?: string; partyId?: string; detail: boolean },
          command: Command,
        ) => {
          const { detail, ...rest } = options;
          const body: Record<string, unknown> = fateBody(rest);
          if (!detail) {
            body.query_filters = [
              'create_date',
              'role',
              'party_id',
              'roles',
              'model_id',
              'model_version',
              'loaded_times',
              'size',
              'description',
              'parent',
              'parent_info',
            ];
          }
          printEnvelope(await (await siteClient(command)).post('/v1/model/query', body));
        },
      ),
    );
}

/** `export -c conf -o DIR`: the site's archive saved under DIR with the name it gives. */
function registerExport(model: Command): void {
  model
    .command('export')
    .description('Export model')
    .addOption(fateOption('confPath', true))
    .addOption(fateOption('outputPath', true))
    .action(
      action(async (options: { confPath: string; outputPath: string }, command: Command) => {
        const conf = await readJsonObject(options.confPath, 'export conf');
        const response = await (await siteClient(command)).fetchFile('GET', '/v1/model/export', conf);
        const name = attachmentName(response) ?? `${String(conf.model_version)}.json.gz`;
        const target = join(resolve(options.outputPath), name);
        if (!(await savedFile(response, target))) return;
        printEnvelope({
          retcode: 0,
          retmsg: `The model is exported successfully. File path is: ${target}`,
          file: target,
        });
      }),
    );
}

/** `import -c conf`: the conf's `file` (relative to the conf's folder or here) uploaded with the conf. */
function registerImport(model: Command): void {
  model
    .command('import')
    .description('Import model')
    .addOption(fateOption('confPath', true))
    .action(
      action(async (options: { confPath: string }, command: Command) => {
        const { file, ...conf } = await readJsonObject(options.confPath, 'import conf');
        if (typeof file !== 'string' || file === '') throw new ArgumentError('import conf: file is required');
        const path = isAbsolute(file) ? file : resolve(file);
        const bytes = await readFile(path).catch(() => readFile(resolve(dirname(options.confPath), file)));
        printEnvelope(await (await siteClient(command)).upload('/v1/model/import', conf, basename(path), bytes));
      }),
    );
}

function attachmentName(response: RawResponse): string | undefined {
  const header = response.headers['content-disposition'];
  const match = typeof header === 'string' ? /filename="?([^";]+)"?/.exec(header) : null;
  return match?.[1] === undefined ? undefined : basename(match[1]);
}

/** Writes a file answer to target; an envelope answer (a failure) is printed instead and false returned. */
async function savedFile(response: RawResponse, target: string): Promise<boolean> {
  if (isEnvelopeAnswer(response)) {
    printEnvelopeAnswer(response);
    return false;
  }
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, response.body);
  return true;
}
