import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { FederationConfig } from './federation-config.js';

/**
 * What a running local federation leaves in its data folder, so that `flow local down` and the
 * `flow` client can find it: the serving process, the token and each site's API URL.
 */
export interface FederationState {
  readonly pid: number;
  readonly token: string;
  readonly sites: ReadonlyArray<{ readonly party_id: number; readonly api_url: string }>;
}

const STATE_FILE = 'federation.json';
const TOKEN_FILE = 'token';

/** The data folder: the config's `data_dir`, relative to the config file (or to cwd without one). */
export function dataDirOf(config: FederationConfig, configPath: string | undefined): string {
  if (isAbsolute(config.data_dir)) return config.data_dir;
  return resolve(configPath === undefined ? process.cwd() : dirname(resolve(configPath)), config.data_dir);
}

export async function readState(dataDir: string): Promise<FederationState | undefined> {
  try {
    return JSON.parse(await readFile(join(dataDir, STATE_FILE), 'utf8')) as FederationState;
  } catch {
    return undefined;
  }
}

export async function writeState(dataDir: string, state: FederationState): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export async function removeState(dataDir: string): Promise<void> {
  await rm(join(dataDir, STATE_FILE), { force: true });
}

/** The config's token, or one generated once and kept in the data folder (so restarts keep it). */
export async function siteToken(config: FederationConfig, dataDir: string): Promise<string> {
  if (config.token !== undefined) return config.token;
  const path = join(dataDir, TOKEN_FILE);
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    const token = randomBytes(24).toString('hex');
    await mkdir(dataDir, { recursive: true });
    await writeFile(path, `${token}\n`, { mode: 0o600 });
    return token;
  }
}

/** True while a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
