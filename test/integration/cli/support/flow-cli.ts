import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFederationConfig } from '../../../../local/federation/federation-config.js';
import { type LocalFederation, startLocalFederation } from '../../../../local/federation/local-federation.js';
import { runFlow } from '../../../support/flow-in-process.js';
import { seedTestTls } from '../../../support/test-tls.js';

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

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
  const config = parseFederationConfig({});
  await seedTestTls(
    join(workDir, 'sites'),
    config.sites.map((site) => site.party_id),
  );
  const federation = await startLocalFederation(config, {
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

/**
 * Runs `flow <args>` as `bin/flow.js` would, in this process (test/support/flow-in-process.ts):
 * FATE_FLOW_URL, FATE_FLOW_TOKEN and FATE_FLOW_PARTY only as the options give them.
 */
export async function flow(args: readonly string[], options: FlowRunOptions = {}): Promise<FlowResult> {
  const env: Record<string, string | undefined> = {
    FATE_FLOW_URL: options.url,
    FATE_FLOW_TOKEN: options.token ?? TOKEN,
    FATE_FLOW_PARTY: undefined,
    ...options.env,
  };
  const { code, stdout, stderr } = await runFlow(args, { cwd: options.cwd ?? ROOT, env });
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
