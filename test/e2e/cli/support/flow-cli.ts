import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseFederationConfig } from '../../../../local/federation/federation-config.js';
import { type LocalFederation, startLocalFederation } from '../../../../local/federation/local-federation.js';

const run = promisify(execFile);

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const FLOW = join(ROOT, 'bin', 'flow.js');

export const TOKEN = 'cli-e2e-token-0123456789abcdef';
export const GUEST = 9999;
export const HOST = 10000;

export interface CliFederation {
  readonly federation: LocalFederation;
  /** A temp folder for the test's files, removed by stop(). */
  readonly workDir: string;
  url(partyId: number): string;
  stop(): Promise<void>;
}

/** Guest 9999 and host + arbiter 10000, in this process, in-memory stores, FATE's components (as a default site). */
export async function startCliFederation(): Promise<CliFederation> {
  const workDir = await mkdtemp(join(tmpdir(), 'flow-cli-e2e-'));
  const federation = await startLocalFederation(parseFederationConfig({}), {
    dataDir: join(workDir, 'sites'),
    auth: { mode: 'credentials', bearerTokens: [TOKEN], appKeys: {} },
    persistent: false,
    // These tests look at jobs as the CLI shows them, waiting; running them is the orchestration tests' part.
    scheduling: false,
  });
  return {
    federation,
    workDir,
    url: (partyId) => federation.site(partyId).apiUrl,
    async stop() {
      await federation.stop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

export interface FlowResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout as JSON (every command prints one JSON document). */
  readonly json: Record<string, unknown>;
}

export interface FlowRunOptions {
  /** Site the command talks to through FATE_FLOW_URL; none leaves the variable unset. */
  readonly url?: string;
  readonly token?: string;
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** Runs the real `bin/flow.js` in a child process (asynchronously: the sites answer from this process). */
export async function flow(args: readonly string[], options: FlowRunOptions = {}): Promise<FlowResult> {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  delete env.FATE_FLOW_URL;
  delete env.FATE_FLOW_TOKEN;
  delete env.FATE_FLOW_PARTY;
  if (options.url !== undefined) env.FATE_FLOW_URL = options.url;
  env.FATE_FLOW_TOKEN = options.token ?? TOKEN;
  Object.assign(env, options.env);
  let code = 0;
  let stdout: string;
  let stderr: string;
  try {
    ({ stdout, stderr } = await run(process.execPath, [FLOW, ...args], { cwd: options.cwd ?? ROOT, env }));
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    code = failed.code ?? -1;
    stdout = failed.stdout ?? '';
    stderr = failed.stderr ?? '';
  }
  return { code, stdout, stderr, json: parseJson(stdout, stderr) };
}

function parseJson(stdout: string, stderr: string): Record<string, unknown> {
  try {
    return JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    return { unparsed_stdout: stdout, stderr };
  }
}

/** The result of a command a test's setup needs to succeed; its output is in the error otherwise. */
export function succeeded(result: FlowResult): FlowResult {
  if (result.code !== 0) throw new Error(`flow exited ${result.code}: ${result.stdout}${result.stderr}`);
  return result;
}
