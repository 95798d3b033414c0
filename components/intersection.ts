import * as z from 'zod';
import { defineSpec } from '../functions/domain/plan/component-catalog.js';
import { MAX_KEY_LENGTH } from './key-length.js';

/** The digests FATE's intersection accepts by name, less `sm3` (no SM3 in @noble/hashes). */
export const HASH_METHODS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
export type HashMethod = (typeof HASH_METHODS)[number];

/**
 * FATE 1.11's IntersectParam, by its own names. What this build does not implement is still
 * accepted at its FATE default (so FATE's confs pass as they are) and refused at submit with the
 * reason otherwise; a name FATE does not have fails as unknown (strict objects).
 */
const only = <T extends z.core.util.Literal>(value: T, why: string) =>
  z.literal(value, { error: `only ${JSON.stringify(value)} is supported: ${why}` });

/** The settings object of a feature this build does not implement: `{}` passes, anything set in it is refused, saying why. */
const unusedSettings = (field: string, why: string) =>
  z
    .record(z.string(), z.unknown())
    .refine((value) => Object.keys(value).length === 0, { error: `${field}: ${why}` })
    .optional();

/** `sm3` is FATE's too; the message says why it is refused rather than "invalid option". */
const hashMethod = z
  .string()
  .toLowerCase()
  .refine((value): value is (typeof HASH_METHODS)[number] => (HASH_METHODS as readonly string[]).includes(value), {
    error: `hash method must be one of ${HASH_METHODS.join(', ')} (sm3 is not available in this build)`,
  });

export const rsaParams = z
  .strictObject({
    salt: z.string().default(''),
    hash_method: hashMethod.default('sha256'),
    final_hash_method: hashMethod.default('sha256'),
    split_calculation: only(false, 'the guest and host split of RSA work is not implemented').default(false),
    random_base_fraction: z
      .null({ error: 'random_base_fraction (reused blinding factors) is not implemented' })
      .default(null),
    key_length: z
      .number()
      .int()
      .min(512, { error: 'rsa key_length must be at least 512' })
      .max(MAX_KEY_LENGTH)
      .default(1024),
    random_bit: z.number().int().min(64).max(1024).default(128),
  })
  .prefault({});

export const ecdhParams = z
  .strictObject({
    salt: z.string().default(''),
    hash_method: hashMethod.default('sha256'),
    curve: z
      .string()
      .toLowerCase()
      .pipe(only('curve25519', 'the group is Curve25519 (X25519), ids encoded to it by Elligator 2 as in FATE'))
      .default('curve25519'),
  })
  .prefault({});

export const intersectionParameters = z.strictObject({
  intersect_method: z
    .string()
    .toLowerCase()
    .pipe(
      z.enum(['ecdh', 'rsa'], {
        error: 'intersect_method must be "ecdh" or "rsa" ("raw" and "dh" are not implemented)',
      }),
    )
    .default('ecdh'),
  sync_intersect_ids: z.boolean().default(true),
  only_output_key: z.boolean().default(false),
  random_bit: z.number().int().min(64).max(1024).optional(),
  rsa_params: rsaParams,
  ecdh_params: ecdhParams,
  join_role: z
    .string()
    .toLowerCase()
    .pipe(only('guest', 'join_role is for raw intersection, which is not implemented'))
    .default('guest'),
  with_encode: only(false, 'raw intersection is not implemented').default(false),
  join_method: only('inner_join', 'left_join is not implemented').default('inner_join'),
  new_sample_id: only(false, 'new sample ids are not implemented').default(false),
  sample_id_generator: z
    .string()
    .toLowerCase()
    .pipe(only('guest', 'new sample ids are not implemented'))
    .default('guest'),
  run_cache: only(false, 'intersection caches are not implemented').default(false),
  cardinality_only: only(false, 'cardinality-only intersection is not implemented').default(false),
  sync_cardinality: only(false, 'cardinality-only intersection is not implemented').default(false),
  run_preprocess: only(false, 'preprocessing filters are not implemented').default(false),
  repeated_id_process: only(false, 'repeated ids are refused at run time instead').default(false),
  repeated_id_owner: z.string().toLowerCase().pipe(z.literal('guest')).default('guest'),
  with_sample_id: only(false, 'sample ids are not implemented').default(false),
  allow_info_share: only(false, 'info sharing is not implemented').default(false),
  info_owner: z.string().toLowerCase().pipe(only('guest', 'info sharing is not implemented')).default('guest'),
  // Settings of methods and features this build refuses above: an empty one is taken, one that sets anything is refused.
  raw_params: unusedSettings('raw_params', 'raw intersection is not implemented'),
  encode_params: unusedSettings('encode_params', 'raw intersection is not implemented'),
  dh_params: unusedSettings('dh_params', 'intersect_method "dh" is not implemented'),
  intersect_cache_param: unusedSettings('intersect_cache_param', 'intersection caches are not implemented'),
  intersect_preprocess_params: unusedSettings(
    'intersect_preprocess_params',
    'preprocessing filters are not implemented',
  ),
  cardinality_method: z
    .unknown()
    .refine((value) => value === undefined, {
      error: 'cardinality_method: cardinality-only intersection is not implemented',
    })
    .optional(),
});

export type IntersectionParameters = z.output<typeof intersectionParameters>;
export type RsaParams = z.output<typeof rsaParams>;
export type EcdhParams = z.output<typeof ecdhParams>;

/** FATE's Intersection (PSI) between the guest and the hosts. */
export const intersectionSpec = defineSpec({
  module: 'Intersection',
  roles: ['guest', 'host'],
  parameters: intersectionParameters,
});
