import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { FederationConfig } from './federation-config.js';

/**
 * What a running local federation leaves in its data folder, so that `flow local down` and the
 * `flow` client can find it: the serving process and each site's API URL and bearer token.
 */
export interface FederationState {
  readonly pid: number;
  readonly sites: ReadonlyArray<FederationStateSite>;
}

export interface FederationStateSite {
  readonly party_id: number;
  readonly api_url: string;
  /** This site's token, which no other site accepts. */
  readonly token: string;
  /** The site's board, its token in the fragment (local/board/board-url.ts): open it in a browser. */
  readonly board_url?: string;
  /** The last pass of its scheduler or detector that threw (local/site/pass-watch.ts), if any did. */
  readonly last_pass_error?: PassErrorView;
}

export interface PassErrorView {
  readonly pass: 'scheduler' | 'detector';
  readonly message: string;
  /** ISO 8601 times: the last failure, the first of the run of failures it ends, and the next success. */
  readonly at: string;
  readonly failing_since: string;
  readonly recovered_at?: string;
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

/**
 * Each site's bearer token: the config's `sites[].token`, or one generated once and kept in the
 * site's own folder (`party-<id>/token`, so restarts keep it). No two sites share one: a user of
 * one party's site must not be able to read another party's.
 */
export async function siteTokens(config: FederationConfig, dataDir: string): Promise<ReadonlyMap<number, string>> {
  // The single token every site used to share is no longer accepted anywhere; do not leave it lying about.
  await rm(join(dataDir, TOKEN_FILE), { force: true });
  const tokens = new Map<number, string>();
  for (const site of config.sites) {
    tokens.set(site.party_id, site.token ?? (await keptToken(join(dataDir, `party-${site.party_id}`, TOKEN_FILE))));
  }
  return tokens;
}

async function keptToken(path: string): Promise<string> {
  const kept = await readFile(path, 'utf8').then(
    (text) => text.trim(),
    () => '',
  );
  if (kept !== '') return kept;
  const token = randomBytes(24).toString('hex');
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${token}\n`, { mode: 0o600 });
  return token;
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
