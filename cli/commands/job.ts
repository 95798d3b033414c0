import { type Command, InvalidArgumentError, Option } from 'commander';
import { planJob } from '../../functions/domain/plan/plan-job.js';
import { DEFAULT_SITE_POOL } from '../../functions/domain/plan/resources.js';
import { componentCatalog } from '../../runner/components/catalog.js';
import { action, printJson } from '../output.js';
import { readJsonFile } from '../read-json-file.js';
import { planToJson, planToTable } from '../render-plan.js';

interface ValidateOptions {
  dslPath: string;
  confPath: string;
  strict: boolean;
  cores: number;
  format: 'json' | 'table';
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be a positive integer');
  return parsed;
}

/** `flow job …`: FATE's job verbs. */
export function registerJobCommands(program: Command): void {
  const job = program.command('job').description('Job Operations');

  job
    .command('validate')
    .description('Check a DSL v2 + runtime conf v2 pair as the scheduler would and print the job plan')
    .requiredOption('-d, --dsl-path <path>', 'DSL file')
    .requiredOption('-c, --conf-path <path>', 'runtime conf file')
    .option('--strict', 'refuse modules that this build cannot run', false)
    .option(
      '--cores <n>',
      "the site pool's cores the per-job limit is checked against",
      positiveInteger,
      DEFAULT_SITE_POOL.cores,
    )
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'table']).default('json'))
    .action(
      action(async (options: ValidateOptions) => {
        const [dsl, conf] = await Promise.all([
          readJsonFile(options.dslPath, 'DSL'),
          readJsonFile(options.confPath, 'runtime conf'),
        ]);
        const plan = planJob(dsl, conf, {
          catalog: componentCatalog,
          strict: options.strict,
          pool: { ...DEFAULT_SITE_POOL, cores: options.cores },
        });
        if (options.format === 'table') process.stdout.write(planToTable(plan));
        else printJson(planToJson(plan));
      }),
    );
}
