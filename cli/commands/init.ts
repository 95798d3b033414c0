import { rm } from 'node:fs/promises';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { clientConfigPath, saveClientConfig } from '../../client/client-config.js';
import { action } from '../output.js';
import { printEnvelope } from './site.js';

interface InitOptions {
  ip?: string;
  port?: number;
  token?: string;
  reset: boolean;
}

function port(value: string): number {
  const parsed = Number(value);
  if (!/^[0-9]+$/.test(value) || parsed < 1 || parsed > 65_535) throw new InvalidArgumentError('must be a port number');
  return parsed;
}

/**
 * `flow init --ip IP --port PORT [--token T]`: where `flow` finds its site when neither
 * FATE_FLOW_URL nor a local federation in this folder says otherwise. FATE's messages.
 */
export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('Flow CLI Init Command')
    .addOption(new Option('--ip <ip>', 'Fate flow server ip address.'))
    .addOption(new Option('--port <port>', 'Fate flow server port.').argParser(port))
    .addOption(new Option('--token <token>', "Bearer token of the site's API."))
    .option('--reset', 'Reset the initialization settings; init again before using flow.', false)
    .action(
      action(async (options: InitOptions) => {
        if (options.reset) {
          await rm(clientConfigPath(), { force: true });
          return printEnvelope({
            retcode: 0,
            retmsg:
              'Fate Flow CLI has been reset successfully. Please do initialization again before you using flow CLI v2.',
          });
        }
        if (options.ip === undefined || options.port === undefined) {
          return printEnvelope({
            retcode: 100,
            retmsg:
              'Fate Flow CLI initialization failed. Please provides server configuration file path or server http ip address and port information.',
          });
        }
        const host = options.ip.includes(':') ? `[${options.ip}]` : options.ip;
        await saveClientConfig({
          url: `http://${host}:${options.port}`,
          ...(options.token === undefined ? {} : { token: options.token }),
        });
        printEnvelope({ retcode: 0, retmsg: 'Fate Flow CLI has been initialized successfully.' });
      }),
    );
}
