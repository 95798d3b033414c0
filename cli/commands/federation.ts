import { type Command, Option } from 'commander';
import { action } from '../output.js';
import { fateOption } from './fate-flags.js';
import { printEnvelope, siteClient } from './site.js';

interface PartyAddOptions {
  partyId: string;
  endpoint: string;
  publicKey: string[];
}

/**
 * `flow party add|list|remove`: the peers a site talks to (endpoint, public keys), and
 * `flow key query|rotate|retire`: the site's own signing keys. A rotation: `flow key rotate` at
 * the site, `flow party add` with both public keys at every peer, then `flow key retire`.
 */
export function registerFederationCommands(program: Command): void {
  const party = program.command('party').description('Party registry: the peers this site federates with');
  party
    .command('add')
    .description('Register (or update) a peer party')
    .addOption(fateOption('partyId', true))
    .requiredOption('--endpoint <url>', "the party's federation endpoint, https://…")
    .addOption(
      new Option('--public-key <whpk_…>', "the party's public key (repeat for several)")
        .argParser((value: string, previous: string[] = []) => [...previous, value])
        .makeOptionMandatory(),
    )
    .action(
      action(async (options: PartyAddOptions, command: Command) => {
        const body = { party_id: options.partyId, endpoint: options.endpoint, public_keys: options.publicKey };
        printEnvelope(await (await siteClient(command)).post('/v1/party/add', body));
      }),
    );
  party
    .command('list')
    .description('List the registered parties')
    .action(
      action(async (_options: object, command: Command) => {
        printEnvelope(await (await siteClient(command)).post('/v1/party/list', {}));
      }),
    );
  party
    .command('remove')
    .description('Remove a party: its calls are refused from then on')
    .addOption(fateOption('partyId', true))
    .action(
      action(async (options: { partyId: string }, command: Command) => {
        printEnvelope(await (await siteClient(command)).post('/v1/party/remove', { party_id: options.partyId }));
      }),
    );

  const key = program.command('key').description("This site's signing keys");
  const keyVerbs = [
    ['query', "Print this site's public keys (give them to every peer)", '/v1/key/query'],
    [
      'rotate',
      'Add a new signing key; messages are signed with every key until the old one is retired',
      '/v1/key/rotate',
    ],
  ] as const;
  for (const [verb, description, path] of keyVerbs) {
    key
      .command(verb)
      .description(description)
      .action(
        action(async (_options: object, command: Command) => {
          printEnvelope(await (await siteClient(command)).post(path, {}));
        }),
      );
  }
  key
    .command('retire')
    .description('Stop signing with a key (after every peer has the new public key)')
    .requiredOption('--key-id <id>', 'the key id `flow key query` shows')
    .action(
      action(async (options: { keyId: string }, command: Command) => {
        printEnvelope(await (await siteClient(command)).post('/v1/key/retire', { key_id: options.keyId }));
      }),
    );
}
