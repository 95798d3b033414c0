import * as z from 'zod';
import { peerSchema } from '../domain/federation/peer-schema.js';
import { SITE_ENV } from './site-env.js';

/** A peer from the stack's context, as FATE_FLOW_PEERS lists it. */
export interface PeerConfig {
  readonly partyId: number;
  /** The peer's federation endpoint (https://…). */
  readonly endpoint: string;
  /** Its `whpk_` public keys, newest last. */
  readonly publicKeys: readonly string[];
}

/** SITE_ENV, read and checked: what the AWS composition root builds the site from. */
export interface SiteEnvConfig {
  readonly partyId: number;
  readonly tableName: string;
  readonly bucket: string;
  readonly eventBusName: string;
  readonly stateMachineArn: string;
  readonly cluster: string;
  readonly taskDefinition: string;
  readonly subnets: readonly string[];
  readonly securityGroups: readonly string[];
  readonly signingKeySecretArn: string;
  readonly peers: readonly PeerConfig[];
  readonly poolCores: number;
  readonly poolMemory: number;
  readonly peerResourceShare: number;
  readonly permissionCheck: boolean;
  readonly boardUrl: string;
  readonly delegationFunctionArn: string;
  readonly runnerOutboxFunctionArn: string;
  readonly federationFunctionArn: string;
  readonly runnerLogGroup: string;
  readonly appKeysSecretArn: string;
}

/** The site's environment is missing a variable or holds a malformed one; the message names each. */
export class SiteEnvError extends Error {
  override readonly name = 'SiteEnvError';
}

const text = z.string().min(1);
const integer = (min: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `must be an integer of at least ${min}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, { error: `must be an integer of at least ${min}` })
        .max(Number.MAX_SAFE_INTEGER),
    );
const commaList = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()))
  .refine((items) => items.every((item) => item !== ''), { error: 'must be a comma-separated list of ids' });

const peer = peerSchema(z.number().int().min(0));

const peers = z
  .string()
  .transform((value, context) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: 'is not JSON' });
      return z.NEVER;
    }
  })
  .pipe(
    z.array(peer).refine((list) => new Set(list.map((p) => p.partyId)).size === list.length, {
      error: 'lists a party twice',
    }),
  );

const functionArn = z.string().regex(/^arn:[\w-]+:lambda:[\w-]+:\d{12}:function:[\w-]+$/, {
  error: 'must be an unqualified Lambda function ARN (arn:<partition>:lambda:<region>:<account>:function:<name>)',
});

/** Each variable's rule; the key is the field of SiteEnvConfig and of SITE_ENV. */
const siteEnv = z.object({
  partyId: integer(0),
  tableName: text,
  bucket: text,
  eventBusName: text,
  stateMachineArn: z.string().regex(/^arn:[\w-]+:states:[\w-]+:\d{12}:stateMachine:[\w-]+$/, {
    error: 'must be an unqualified state machine ARN (arn:<partition>:states:<region>:<account>:stateMachine:<name>)',
  }),
  cluster: text,
  taskDefinition: text,
  subnets: commaList,
  securityGroups: commaList,
  signingKeySecretArn: text,
  peers,
  poolCores: integer(1),
  poolMemory: integer(0),
  peerResourceShare: z
    .string()
    .regex(/^(0(\.\d+)?|1(\.0+)?)$/, { error: 'must be a number from 0 to 1' })
    .transform(Number),
  permissionCheck: z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).transform((v) => v === 'true'),
  boardUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }),
  delegationFunctionArn: functionArn,
  runnerOutboxFunctionArn: functionArn,
  federationFunctionArn: functionArn,
  runnerLogGroup: text,
  appKeysSecretArn: text,
} satisfies Record<keyof typeof SITE_ENV, z.ZodType>);

type Field = keyof typeof SITE_ENV;
const FIELDS = Object.keys(SITE_ENV) as Field[];

/**
 * Reads the site's configuration from `env` (SITE_ENV's names), once per cold start. Every problem
 * is reported at once, each naming its variable, so a misconfigured stack is fixed in one deploy.
 */
export function readSiteEnv(env: Readonly<Record<string, string | undefined>>): SiteEnvConfig {
  // An empty variable is as good as a missing one (a stack setting left blank).
  const input = Object.fromEntries(
    FIELDS.map((field) => [field, env[SITE_ENV[field]] === '' ? undefined : env[SITE_ENV[field]]]),
  );
  const parsed = siteEnv.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = new Map<string, string[]>();
  for (const issue of parsed.error.issues) {
    const [field, ...rest] = issue.path;
    const known = FIELDS.find((candidate) => candidate === field);
    if (known === undefined) continue;
    const name = SITE_ENV[known];
    const problem =
      input[known] === undefined
        ? 'is not set'
        : rest.length === 0
          ? issue.message
          : `[${rest.join('.')}]: ${issue.message}`;
    problems.set(name, [...(problems.get(name) ?? []), problem]);
  }
  const described = [...problems].map(([name, list]) => `${name} ${[...new Set(list)].join(', ')}`);
  throw new SiteEnvError(`site environment: ${described.join('; ')}`);
}
