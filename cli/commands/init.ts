import { rm } from 'node:fs/promises';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { clientConfigPath, saveClientConfig } from '../../client/client-config.js';
import type { ClientConfig } from '../../client/flow-client.js';
import { action } from '../output.js';
import { printEnvelope } from './site.js';

interface InitOptions {
  ip?: string;
  port?: number;
  url?: string;
  region?: string;
  profile?: string;
  token?: string;
  reset: boolean;
}

function port(value: string): number {
  const parsed = Number(value);
  if (!/^[0-9]+$/.test(value) || parsed < 1 || parsed > 65_535) throw new InvalidArgumentError('must be a port number');
  return parsed;
}

/**
 * `flow init --ip IP --port PORT [--token T]` or `flow init --url URL [--region R] [--profile P]`:
 * where `flow` finds its site when neither FATE_FLOW_URL nor a local federation in this folder
 * says otherwise. FATE's messages.
 */
export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('Flow CLI Init Command')
    .addOption(new Option('--ip <ip>', 'Fate flow server ip address.'))
    .addOption(new Option('--port <port>', 'Fate flow server port.').argParser(port))
    .addOption(
      new Option('--url <url>', "The site's API URL, e.g. a deployed site's ApiUrl output.").argParser(siteUrl),
    )
    .addOption(
      new Option(
        '--region <region>',
        "Sign requests with AWS SigV4 for this region (a deployed site's API); read from an execute-api URL when not given.",
      ),
    )
    .addOption(
      new Option(
        '--profile <profile>',
        'The AWS profile SigV4 takes its credentials from (default: the AWS default chain).',
      ),
    )
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
        if (options.url !== undefined) {
          await saveClientConfig(urlConfig(options.url, options));
          return printEnvelope({ retcode: 0, retmsg: 'Fate Flow CLI has been initialized successfully.' });
        }
        if (options.ip === undefined || options.port === undefined) {
          return printEnvelope({
            retcode: 100,
            retmsg:
              'Fate Flow CLI initialization failed. Please provides server configuration file path or server http ip address and port information.',
          });
        }
        if (options.region !== undefined || options.profile !== undefined) {
          throw new InvalidArgumentError('--region and --profile go with --url (a deployed site is reached by https)');
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

function siteUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('must be an http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidArgumentError('must be an http(s) URL');
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** API Gateway's default host names, `<api id>.execute-api.<region>.amazonaws.com[.cn]`. */
const EXECUTE_API_HOST = /^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;

/**
 * A bearer token when one is given; SigV4 when the URL is API Gateway's own or a region or profile
 * is given (the region from the URL, else --region, else AWS_REGION); a plain URL otherwise.
 */
function urlConfig(url: string, options: InitOptions): ClientConfig {
  if (options.token !== undefined) {
    if (options.region !== undefined || options.profile !== undefined) {
      throw new InvalidArgumentError('--token and SigV4 (--region, --profile) exclude each other: a site takes one');
    }
    return { url, token: options.token };
  }
  const hostRegion = EXECUTE_API_HOST.exec(new URL(url).hostname)?.[1];
  if (hostRegion === undefined && options.region === undefined && options.profile === undefined) return { url };
  const region = options.region ?? hostRegion ?? process.env.AWS_REGION;
  if (region === undefined || region === '') {
    throw new InvalidArgumentError('SigV4 needs a region: give --region (the URL is not an execute-api one)');
  }
  return { url, sigv4: { region, ...(options.profile === undefined ? {} : { profile: options.profile }) } };
}
