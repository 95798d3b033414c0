import { type Command, Option } from 'commander';
import { ArgumentError } from '../../functions/domain/errors.js';
import { action } from '../output.js';
import { fateOption } from './fate-flags.js';
import { readJsonObject } from './json-values.js';
import { printEnvelope, siteClient } from './site.js';

interface GrantOptions {
  confPath?: string;
  partyId?: string;
  component?: string;
  dataset?: string[];
}

/**
 * `flow privilege grant|delete -c conf.json` as FATE's (conf: party_id, component "a,b"|"*",
 * dataset [{namespace, name}]), or the same from flags: `-p 10000 --component heterolr
 * --dataset experiment.breast_hetero_host`. Flags win over the conf's keys. `query -p`.
 */
export function registerPrivilegeCommands(program: Command): void {
  const privilege = program.command('privilege').description('Privilege Operations');
  const verbs = [
    ['grant', 'Grant Privilege Command', '/v1/permission/grant'],
    ['delete', 'Delete Privilege Command', '/v1/permission/delete'],
  ] as const;
  for (const [verb, description, path] of verbs) {
    privilege
      .command(verb)
      .description(description)
      .addOption(fateOption('confPath'))
      .addOption(fateOption('partyId'))
      .addOption(new Option('--component <names>', 'Component modules, "a,b" or "*".'))
      .addOption(new Option('--dataset <namespace.name...>', 'Tables as namespace.name (comma-separated or repeated).'))
      .action(
        action(async (options: GrantOptions, command: Command) => {
          printEnvelope(await (await siteClient(command)).post(path, await grantBody(options)));
        }),
      );
  }

  privilege
    .command('query')
    .description('Query Privilege Command')
    .addOption(fateOption('partyId', true))
    .action(
      action(async (options: { partyId: string }, command: Command) => {
        printEnvelope(await (await siteClient(command)).post('/v1/permission/query', { party_id: options.partyId }));
      }),
    );
}

async function grantBody(options: GrantOptions): Promise<Record<string, unknown>> {
  const conf =
    options.confPath === undefined
      ? {}
      : { ...(await readJsonObject(options.confPath, 'privilege conf')), conf_path: options.confPath };
  const body = {
    ...conf,
    ...(options.partyId === undefined ? {} : { party_id: options.partyId }),
    ...(options.component === undefined ? {} : { component: options.component }),
    ...(options.dataset === undefined ? {} : { dataset: options.dataset.flatMap(datasetsOf) }),
  };
  if (body.party_id === undefined) throw new ArgumentError('give the party with -p PARTY_ID or a conf with party_id');
  return body;
}

/** "ns.name,ns2.name2" → [{namespace, name}…]; the namespace ends at the first ".". */
function datasetsOf(text: string): Array<{ namespace: string; name: string }> {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const dot = item.indexOf('.');
      if (dot <= 0 || dot === item.length - 1) {
        throw new ArgumentError(`--dataset ${item}: give a table as namespace.name`);
      }
      return { namespace: item.slice(0, dot), name: item.slice(dot + 1) };
    });
}
