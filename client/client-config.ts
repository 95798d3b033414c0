import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ArgumentError } from '../functions/domain/errors.js';
import type { ClientConfig } from './flow-client.js';

/** Where `flow init` keeps the client settings (FATE's client keeps them in its own settings file). */
export function clientConfigPath(): string {
  return process.env.FATE_FLOW_CLIENT_CONFIG ?? join(homedir(), '.fate-flow-serverless', 'client.json');
}

export async function saveClientConfig(config: ClientConfig): Promise<string> {
  const path = clientConfigPath();
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return path;
}

/**
 * The site to talk to, first found wins: FATE_FLOW_URL (+ FATE_FLOW_TOKEN); `runningSite`, the
 * site a caller found running nearby (the `flow` CLI: the local federation of this folder); the
 * settings `flow init` saved. The client knows no local federation itself, so that it imports
 * nothing from the runtime that serves one.
 */
export async function resolveClientConfig(
  sources: { readonly runningSite?: () => Promise<ClientConfig | undefined> } = {},
): Promise<ClientConfig> {
  const envUrl = process.env.FATE_FLOW_URL;
  if (envUrl) return { url: envUrl, ...(process.env.FATE_FLOW_TOKEN ? { token: process.env.FATE_FLOW_TOKEN } : {}) };
  const running = await sources.runningSite?.();
  if (running !== undefined) return running;
  try {
    return JSON.parse(await readFile(clientConfigPath(), 'utf8')) as ClientConfig;
  } catch {
    throw new ArgumentError(
      'no site configured: run `flow init --ip IP --port PORT`, or `flow local up` in this folder',
    );
  }
}
