import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { ArgumentError } from '../../functions/domain/errors.js';
import { partyIdSchema } from '../../functions/domain/job/party-id.js';
import { parseOrThrow } from '../../functions/domain/job/zod-errors.js';
import { DEFAULT_PEER_RESOURCE_SHARE } from '../../functions/domain/plan/peer-share.js';

/**
 * The local federation `flow local up` starts: one site per party id. Defaults are FATE's usual
 * ids — guest 9999, host and arbiter 10000 (which play both roles from one site).
 */
const siteSchema = z.strictObject({
  party_id: partyIdSchema,
  /** User API port on 127.0.0.1 (FATE-Flow's is 9380); 0 picks a free one. */
  api_port: z.number().int().min(0).max(65_535).default(0),
  /** Federation endpoint port (HTTPS) on 127.0.0.1; 0 picks a free one. */
  federation_port: z.number().int().min(0).max(65_535).default(0),
  cores: z.number().int().min(1).default(20),
  memory: z.number().int().min(0).default(0),
  /** The share of the pool (0…1) the jobs initiated by any one other party may hold at once. */
  peer_resource_share: z.number().min(0).max(1).default(DEFAULT_PEER_RESOURCE_SHARE),
  /** Check other parties' grants on job create (FATE's permission switch). */
  permission_check: z.boolean().default(false),
  /** Bearer token this site's user API accepts (no other site's); generated at `up` when not given. */
  token: z.string().min(16).optional(),
});

export const federationConfigSchema = z.strictObject({
  /** Where sites keep their data (dynalite files, objects); relative to the config file's folder. */
  data_dir: z.string().min(1).default('.fate-flow'),
  sites: z
    .array(siteSchema)
    .min(1)
    .default([{ party_id: 9999 }, { party_id: 10000 }].map((s) => siteSchema.parse(s))),
  /** One token for every site let one party's users read every other party's site: refused by name. */
  token: z
    .never({
      error:
        'one token for every site is no longer taken: give each site its own in sites[].token, or leave it out and `flow local up` generates one per site',
    })
    .optional(),
  /** Schedule and run jobs; false keeps every submitted job waiting (a paused federation). */
  scheduling: z.boolean().default(true),
  /**
   * Let the sites plan and run the test components (PassThrough, Sleep, Exchange): tests,
   * benchmarks, `examples/scheduling-demo`. Off, a site refuses them at submit as a production site does.
   */
  test_components: z.boolean().default(false),
  /** FATE client app keys (`flow init --app-key K --secret-key S`) accepted by every site. */
  app_keys: z.record(z.string(), z.string()).default({}),
});

export type FederationConfig = z.output<typeof federationConfigSchema>;
export type LocalSiteConfig = FederationConfig['sites'][number];

export function parseFederationConfig(value: unknown): FederationConfig {
  const config = parseOrThrow(federationConfigSchema, value, 'federation config');
  const ids = config.sites.map((s) => s.party_id);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate !== undefined) throw new ArgumentError(`federation config.sites: party ${duplicate} is listed twice`);
  const tokens = config.sites.flatMap((s) => (s.token === undefined ? [] : [s.token]));
  const shared = config.sites.filter(
    (s) => s.token !== undefined && tokens.indexOf(s.token) !== tokens.lastIndexOf(s.token),
  );
  if (shared.length > 0) {
    throw new ArgumentError(
      `federation config.sites: parties ${shared.map((s) => s.party_id).join(' and ')} have the same token; give each site its own`,
    );
  }
  return config;
}

export async function readFederationConfig(path: string | undefined): Promise<FederationConfig> {
  if (path === undefined) return parseFederationConfig({});
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ArgumentError(`federation config ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseFederationConfig(value);
}
