import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type Envelope, FlowClient } from '../../client/flow-client.js';
import type { ComponentCatalog } from '../../functions/domain/plan/component-catalog.js';
import { catalogOf } from '../../functions/domain/plan/component-catalog.js';
import { parseFederationConfig } from '../../local/federation/federation-config.js';
import { type LocalFederation, startLocalFederation } from '../../local/federation/local-federation.js';
import type { LocalSite } from '../../local/site/local-site.js';
import { seedTestTls } from './test-tls.js';
import { withoutContact } from './without-contact.js';

export const TEST_TOKEN = 'test-token-0123456789abcdef';

export interface TestFederation extends LocalFederation {
  readonly dataDir: string;
  client(partyId: number, token?: string): FlowClient;
  post(partyId: number, path: string, body: unknown): Promise<Envelope>;
}

/**
 * A two-site federation in this process for integration tests: guest 9999 and host + arbiter
 * 10000 (FATE's usual ids), in-memory stores, objects in a temp folder, real HTTP user APIs.
 */
export async function startTestFederation(
  options: {
    readonly sites?: unknown[];
    /** What the sites plan against. @default any module (the control plane alone), or with testComponents the sites' own */
    readonly catalog?: ComponentCatalog;
    /** The sites plan and run the test components (PassThrough, Sleep, Exchange), as the config's `test_components`. */
    readonly testComponents?: boolean;
    readonly persistent?: boolean;
    /** Run schedulers and detectors: off by default, so control-plane tests see jobs stay waiting. */
    readonly scheduling?: boolean;
    /** The sites' first peer-retry backoff, for tests that wait out a whole series of retries. @default 250 */
    readonly peerRetryBaseMs?: number;
  } = {},
): Promise<TestFederation> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fate-flow-test-'));
  const config = parseFederationConfig({
    ...(options.sites === undefined ? {} : { sites: options.sites }),
    test_components: options.testComponents === true,
  });
  await seedTestTls(
    dataDir,
    config.sites.map((site) => site.party_id),
  );
  const federation = await startLocalFederation(config, {
    dataDir,
    // In memory unless a test restarts a site and needs its data back.
    persistent: options.persistent ?? false,
    scheduling: options.scheduling ?? false,
    ...(options.peerRetryBaseMs !== undefined && { peerRetryBaseMs: options.peerRetryBaseMs }),
    auth: { mode: 'credentials', bearerTokens: [TEST_TOKEN], appKeys: { 'test-app': 'test-secret' } },
    // The control plane alone (no task runs): jobs may name any module. Sites that run tasks plan
    // against what their runners run.
    catalog:
      options.catalog ?? (options.testComponents === true ? undefined : catalogOf([], { acceptUnknownModules: true })),
  });
  const client = (partyId: number, token: string = TEST_TOKEN) =>
    new FlowClient({ url: federation.site(partyId).apiUrl, token });
  return {
    ...federation,
    dataDir,
    client,
    post: (partyId, path, body) => client(partyId).post(path, body),
    async stop() {
      await federation.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Everything a site has stored: every DynamoDB item and every object key, for before/after
 * comparisons. `exceptDeliveries` leaves out the federation's delivery records (webhook ids and
 * stored answers, and the sender's last contact), which every accepted message leaves, refused command or not. `exceptNonces`
 * leaves out the user API's app-key NONCE records, which every request with a good FATE signature
 * leaves, refused by its route or not (a second use of the NONCE is refused whatever the first got).
 */
export async function storeSnapshot(
  site: LocalSite,
  dataDir: string,
  options: { readonly exceptDeliveries?: boolean; readonly exceptNonces?: boolean } = {},
): Promise<{ items: unknown[]; objects: string[] }> {
  const { client, tableName } = site.table;
  const items: unknown[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  const left = [
    ...(options.exceptDeliveries ? ['WEBHOOK', 'MESSAGE'] : []),
    ...(options.exceptNonces ? ['NONCE'] : []),
  ];
  const kept = items
    .filter((item) => !left.includes(String((item as { PK?: unknown }).PK).split('#')[0] ?? ''))
    .map((item) => (options.exceptDeliveries ? withoutContact(item) : item));
  kept.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const root = join(dataDir, `party-${site.partyId}`, 'objects');
  const objects = await listFiles(root).catch(() => []);
  return { items: kept, objects: objects.map((path) => relative(root, path)).sort() };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)])),
  );
  return nested.flat();
}
