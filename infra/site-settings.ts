/**
 * What one site stack is built from, read from the CDK context. Pure: the app passes the context
 * reader and a JSON file reader, so the rules are tested without synthesizing anything.
 *
 * Context keys (`cdk synth -c key=value`, or `cdk.json`'s "context"):
 * - `config`: a JSON file (path from the working directory) holding the keys below, or
 *   `{ "sites": [ … ] }` with one such object per site (then `-c partyId=…` picks one of them);
 * - `partyId` (required), `peers` (JSON array of `{ partyId, endpoint, publicKeys }`), `poolCores`,
 *   `poolMemory`, `peerResourceShare`, `permissionCheck`, `boardUrl`, `domainName` + `certificateArn`,
 *   `federationWafRateLimit` (requests per client IP in 5 minutes: puts WAF in front of the federation route).
 * Keys given with `-c` override the same keys of a single-site file.
 */
import * as z from 'zod';
import { peerSchema } from '../functions/domain/federation/peer-schema.js';
import { DEFAULT_PEER_RESOURCE_SHARE } from '../functions/domain/plan/peer-share.js';

export interface PeerSettings {
  readonly partyId: number;
  /** The peer's federation endpoint: its API's https:// URL (the path `/v1/federation` is added by the caller). */
  readonly endpoint: string;
  /** The peer's `whpk_` public keys, newest last (`flow key query` at the peer prints them). */
  readonly publicKeys: readonly string[];
}

export interface SiteSettings {
  readonly partyId: number;
  readonly peers: readonly PeerSettings[];
  /** Cores of the resource pool jobs apply from (FATE's total cores). */
  readonly poolCores: number;
  /** Memory of the pool in MB. */
  readonly poolMemory: number;
  /** The share of the pool (0…1) the jobs initiated by any one other party may hold at once. */
  readonly peerResourceShare: number;
  /** FATE's permission switch: check other parties' grants on job create. */
  readonly permissionCheck: boolean;
  /** FATE's board_url; undefined: the site's own API URL. */
  readonly boardUrl?: string;
  /** A custom domain for the API, with its ACM certificate (in the stack's region). */
  readonly domain?: { readonly name: string; readonly certificateArn: string };
  /** WAF's rate limit per client IP (per 5 minutes) on the federation route; undefined: no WAF (FederationEdge). */
  readonly federationWafRateLimit?: number;
  /** Who gets the alarms by mail (an SNS e-mail subscription, confirmed from the first mail); undefined: the topic only. */
  readonly alarmEmail?: string;
}

/** What a site gets when the context says nothing: a small pool, FATE's permission switch off. */
export const SITE_DEFAULTS = {
  poolCores: 16,
  poolMemory: 32_768,
  peerResourceShare: DEFAULT_PEER_RESOURCE_SHARE,
  permissionCheck: false,
} as const;

export const SITE_CONTEXT_KEYS = [
  'partyId',
  'peers',
  'poolCores',
  'poolMemory',
  'peerResourceShare',
  'permissionCheck',
  'boardUrl',
  'domainName',
  'certificateArn',
  'federationWafRateLimit',
] as const;

/** `-c` values arrive as strings, a config file's as JSON values: accept both for numbers and booleans. */
const integer = (min: number) => z.coerce.number().int().min(min);
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

// The Lambdas refuse a peer without a key at cold start; the same schema here fails the synth instead.
const peer = peerSchema(integer(0));

const peerList = z.union([
  z.string().transform((value, context) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: 'peers is not JSON' });
      return z.NEVER;
    }
  }),
  z.array(z.unknown()),
]);

const site = z
  .object({
    partyId: integer(0),
    peers: peerList.pipe(z.array(peer)).default([]),
    poolCores: integer(1).default(SITE_DEFAULTS.poolCores),
    poolMemory: integer(0).default(SITE_DEFAULTS.poolMemory),
    peerResourceShare: z.coerce.number().min(0).max(1).default(SITE_DEFAULTS.peerResourceShare),
    permissionCheck: flag.default(SITE_DEFAULTS.permissionCheck),
    boardUrl: z.url({ protocol: /^https?$/ }).optional(),
    domainName: z.string().min(1).optional(),
    certificateArn: z.string().startsWith('arn:').optional(),
    alarmEmail: z.email().optional(),
    // WAF's bounds for a rate-based rule.
    federationWafRateLimit: z.coerce.number().int().min(10).max(2_000_000_000).optional(),
  })
  .superRefine((value, context) => {
    const ids = value.peers.map((p) => p.partyId);
    if (new Set(ids).size !== ids.length) context.addIssue({ code: 'custom', message: 'peers list a party twice' });
    if (ids.includes(value.partyId)) context.addIssue({ code: 'custom', message: 'a site is not its own peer' });
    if ((value.domainName === undefined) !== (value.certificateArn === undefined)) {
      context.addIssue({ code: 'custom', message: 'domainName and certificateArn go together' });
    }
  })
  .transform(
    ({ domainName, certificateArn, boardUrl, federationWafRateLimit, alarmEmail, ...rest }): SiteSettings => ({
      ...rest,
      ...(alarmEmail === undefined ? {} : { alarmEmail }),
      ...(boardUrl === undefined ? {} : { boardUrl }),
      ...(federationWafRateLimit === undefined ? {} : { federationWafRateLimit }),
      ...(domainName === undefined || certificateArn === undefined
        ? {}
        : { domain: { name: domainName, certificateArn } }),
    }),
  );

/** The site settings are missing or malformed; the message names each problem. */
export class SiteSettingsError extends Error {
  override readonly name = 'SiteSettingsError';
}

function parseSite(raw: Record<string, unknown>, where: string): SiteSettings {
  const parsed = site.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) =>
    issue.path.length === 0 ? issue.message : `${issue.path.join('.')}: ${issue.message}`,
  );
  throw new SiteSettingsError(`${where}: ${problems.join('; ')}`);
}

/**
 * The sites to synthesize: one per entry of a `{ sites }` config file (or the one `-c partyId`
 * names), else the single site the context describes.
 */
export function readSiteSettings(
  context: (key: string) => unknown,
  readJson: (path: string) => unknown,
): SiteSettings[] {
  const overrides: Record<string, unknown> = {};
  for (const key of SITE_CONTEXT_KEYS) {
    const value = context(key);
    if (value !== undefined) overrides[key] = value;
  }
  const configPath = context('config');
  if (configPath === undefined) return [parseSite(overrides, 'context')];
  if (typeof configPath !== 'string') throw new SiteSettingsError('context "config" must be a file path');
  const file = readJson(configPath);
  if (typeof file !== 'object' || file === null || Array.isArray(file)) {
    throw new SiteSettingsError(`${configPath}: expected a JSON object`);
  }
  if (!('sites' in file)) return [parseSite({ ...file, ...overrides }, configPath)];
  if (!Array.isArray(file.sites)) throw new SiteSettingsError(`${configPath}: "sites" must be an array`);
  const sites = file.sites.map((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null) throw new SiteSettingsError(`${configPath}: sites.${index}`);
    return parseSite(entry as Record<string, unknown>, `${configPath} sites.${index}`);
  });
  if (overrides.partyId === undefined) return sites;
  const chosen = sites.filter((entry) => String(entry.partyId) === String(overrides.partyId));
  if (chosen.length === 0) throw new SiteSettingsError(`${configPath} has no site of party ${overrides.partyId}`);
  return chosen;
}

/** One stack per party; the name is what `cdk deploy <name>` takes. */
export function siteStackName(partyId: number): string {
  return `FateFlow-${partyId}`;
}
