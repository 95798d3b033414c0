import * as z from 'zod';
import { defineSpec } from '../functions/domain/plan/component-catalog.js';

/** The most values a party adds: every share crosses the federation, so the toy stays a toy. */
export const MAX_SECURE_ADD_VALUES = 100_000;

/**
 * FATE's SecureAddExampleParam (`federatedml/param/secure_add_example_param.py`): the seed of this
 * party's values (none: a fresh one), how many partitions they are shared in, how many values.
 */
export const secureAddExampleParameters = z.strictObject({
  seed: z.number({ error: 'seed must be an integer' }).int({ error: 'seed must be an integer' }).optional(),
  partition: z
    .number({ error: 'partition must be an integer larger than 0' })
    .int({ error: 'partition must be an integer larger than 0' })
    .min(1, { error: 'partition must be an integer larger than 0' })
    .max(1024, { error: 'partition may be at most 1024' })
    .default(1),
  data_num: z
    .number({ error: 'data_num must be an integer larger than 0' })
    .int({ error: 'data_num must be an integer larger than 0' })
    .min(1, { error: 'data_num must be an integer larger than 0' })
    .max(MAX_SECURE_ADD_VALUES, { error: `data_num may be at most ${MAX_SECURE_ADD_VALUES}` })
    .default(1000),
});

export type SecureAddExampleParameters = z.output<typeof secureAddExampleParameters>;

/**
 * FATE's toy component (`flow test toy`): the guest and one host each hold `data_num` values and
 * learn the sum of all of them, each seeing of the other's values only shares masked at random.
 */
export const secureAddExampleSpec = defineSpec({
  module: 'SecureAddExample',
  roles: ['guest', 'host'],
  parameters: secureAddExampleParameters,
});
