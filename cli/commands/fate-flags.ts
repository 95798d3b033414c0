import { InvalidArgumentError, Option } from 'commander';
import { ROLES } from '../../functions/domain/job/roles.js';

/**
 * FATE's `flow` flags (`flow_cli/utils/cli_args.py`): same letters, same long names, same help.
 * The option keys commander derives (jobId, partyId, componentName, …) turn back into FATE's
 * request keys (job_id, party_id, component_name, …) with `fateBody`.
 */

/** FATE's `-cpn`-style flags: several letters after ONE dash, which click allows and commander does not. */
const MULTI_LETTER_FLAGS: Readonly<Record<string, string>> = {
  '-cpn': '--component-name',
  '-gid': '--guest-party-id',
  '-hid': '--host-party-id',
};

/**
 * Rewrites FATE's multi-letter short flags to their long forms before commander parses argv.
 * Commander reads `-cpn` as `-c -p -n` (three short flags, or `-c` with the value "pn"), so
 * `flow component metrics … -cpn x` would silently mean `--conf-path pn`. Users type `-cpn` out
 * of habit (it is in every FATE doc), so the rewrite keeps their commands working.
 */
export function expandFateFlags(argv: readonly string[]): string[] {
  const dashDash = argv.indexOf('--');
  return argv.map((arg, index) =>
    index < 2 || (dashDash !== -1 && index > dashDash) ? arg : (MULTI_LETTER_FLAGS[arg] ?? arg),
  );
}

/** FATE's job and task statuses as `-s` accepts them. */
const STATUS_CHOICES = ['success', 'failed', 'running', 'waiting', 'timeout', 'canceled', 'partial', 'deleted'];

function integer(value: string): number {
  if (!/^-?[0-9]+$/.test(value)) throw new InvalidArgumentError('must be an integer');
  return Number(value);
}

function positiveInteger(value: string): number {
  const parsed = integer(value);
  if (parsed < 1) throw new InvalidArgumentError('must be a positive integer');
  return parsed;
}

const FLAGS = {
  jobId: () => new Option('-j, --job-id <job_id>', 'A valid job id.'),
  role: () => new Option('-r, --role <role>', `Role name: ${ROLES.join(', ')}.`).choices(ROLES),
  partyId: () => new Option('-p, --party-id <party_id>', 'A valid party id.'),
  componentName: () => new Option('--component-name <name>', 'A valid component name (FATE\'s "-cpn" works too).'),
  status: () => new Option('-s, --status <status>', 'Job status.').choices(STATUS_CHOICES),
  confPath: () => new Option('-c, --conf-path <path>', 'Configuration file path.'),
  dslPath: () => new Option('-d, --dsl-path <path>', 'Domain-specific language (DSL) file path.'),
  outputPath: () => new Option('-o, --output-path <dir>', 'User specifies output directory path.'),
  limit: () => new Option('-l, --limit <n>', 'The number of records to return.').argParser(positiveInteger).default(10),
  namespace: () => new Option('-n, --namespace <namespace>', 'Namespace.'),
  tableName: () => new Option('-t, --table-name <name>', 'Table name.'),
} as const;

export type FateFlag = keyof typeof FLAGS;

/** One of FATE's flags; `required` makes commander refuse the command without it. */
export function fateOption(flag: FateFlag, required = false): Option {
  const option = FLAGS[flag]();
  return required ? option.makeOptionMandatory() : option;
}

/** `-l` of `component output-data`: -1 (every row) by default, as FATE's. */
export function rowLimitOption(): Option {
  return new Option('-l, --limit <n>', 'Limit count, -1 downloads all output data.').argParser(integer).default(-1);
}

/**
 * FATE's request body from the command's options (FATE's `preprocess`): every given option under
 * its snake_case name, unset ones left out. Values stay as typed, so `-p 9999` is the string "9999"
 * as FATE's client sends it.
 */
export function fateBody(options: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(options)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`), value]),
  );
}
