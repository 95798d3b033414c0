import * as z from 'zod';
import { defineSpec } from '../functions/domain/plan/component-catalog.js';
import { MAX_KEY_LENGTH } from './key-length.js';
import { checkpointsWriteModel, checkValidationSettings, linearModelFields, lower, refuse } from './lr-parameters.js';

const SQN_ONLY = 'sqn_param is read by the "sqn" optimizer only, which is not implemented: FATE\'s defaults only';

const encryptParam = z
  .strictObject({
    method: z
      .string()
      .toLowerCase()
      .pipe(
        z.literal(
          'paillier',
          refuse('encrypt_param.method must be "Paillier" (training without encryption is not implemented)'),
        ),
      )
      .default('paillier'),
    key_length: z
      .number()
      .int()
      .min(512, refuse('encrypt_param.key_length must be at least 512'))
      .max(MAX_KEY_LENGTH)
      .default(1024),
  })
  .prefault({});

/**
 * FATE 1.11's HeteroLogisticParam by its own names and defaults. Settings this build does not
 * implement are accepted at FATE's default value only and refused at submit, saying why; names
 * FATE does not have fail as unknown (strict objects).
 */
export const heteroLrParameters = z
  .strictObject({
    ...linearModelFields,
    optimizer: z
      .string()
      .toLowerCase()
      .refine((value) => value !== 'sqn', refuse('optimizer "sqn" (stochastic quasi-Newton) is not implemented'))
      .pipe(
        z.enum(
          ['sgd', 'rmsprop', 'adam', 'adagrad', 'nesterov_momentum_sgd'],
          refuse('optimizer must be sgd, rmsprop, adam, adagrad or nesterov_momentum_sgd'),
        ),
      )
      .default('rmsprop'),
    batch_size: z
      .number()
      .int()
      .refine((value) => value === -1 || value >= 10, refuse('batch_size must be -1 (all rows) or at least 10'))
      .default(-1),
    shuffle: z.boolean().default(true),
    batch_strategy: lower(['full'], 'batch_strategy "random" is not implemented').default('full'),
    // FATE 1.11's masked mini-batches (full strategy, several batches): each batch is shown to the
    // hosts among min(rows, round((1 + masked_rate) · batch_size)) rows (every row of breast with the
    // defaults), the extra rows given encrypted-zero residuals, so a host cannot tell which rows a
    // batch holds; the numbers are those of the batch alone. With masked_rate > 0 FATE also shuffles
    // whatever `shuffle` says (setup.ts). That padding is not built — it would double the hosts'
    // Paillier work per batch — so the guest's log says where FATE would pad (maskedBatchSize); 0
    // (no masking) and FATE's default 5 are accepted, and a rate that would only size the padding
    // differently is refused by name.
    masked_rate: z
      .union(
        [z.literal(0), z.literal(5)],
        refuse(
          "masked_rate must be 0 or 5 (FATE's default): other rates are refused, since they would only size the hosts' padding, which this build does not add",
        ),
      )
      .default(5),
    encrypt_param: encryptParam,
    // Every ciphertext is freshly encrypted: FATE's "strict" mode, the only one implemented.
    encrypted_mode_calculator_param: z
      .looseObject({
        mode: lower(
          ['strict'],
          'encrypted_mode_calculator_param.mode must be "strict" (the only mode implemented)',
        ).optional(),
      })
      .optional(),
    // FATE's confs carry it at its defaults; only the sqn optimizer (refused) would read it, so other values are refused.
    sqn_param: z
      .strictObject({
        update_interval_L: z.literal(3, refuse(SQN_ONLY)).optional(),
        memory_M: z.literal(5, refuse(SQN_ONLY)).optional(),
        sample_size: z.literal(5000, refuse(SQN_ONLY)).optional(),
        random_seed: z.null(refuse(SQN_ONLY)).optional(),
      })
      .optional(),
    floating_point_precision: z
      .number()
      .int()
      .min(0)
      .max(52, refuse('floating_point_precision must be between 0 and 52 (features are encoded exactly from doubles)'))
      .default(23),
    // Accepted as FATE's confs carry it, as long as it asks for no stepwise selection.
    stepwise_param: z
      .looseObject({
        need_stepwise: z
          .literal(false, refuse('stepwise_param.need_stepwise: stepwise selection is not implemented'))
          .optional(),
      })
      .optional(),
    // Warm start is FATE's DSL shape (a model input beside train_data), not this switch.
    is_warm_start: z
      .literal(
        false,
        refuse("is_warm_start: warm start is given as input.model beside input.data.train_data, as in FATE's DSL"),
      )
      .default(false),
  })
  .superRefine(checkValidationSettings);

export type HeteroLrParameters = z.output<typeof heteroLrParameters>;

/** FATE's HeteroLR: the guest holds the labels, hosts more features, the arbiter the Paillier key. */
export const heteroLrSpec = defineSpec({
  module: 'HeteroLR',
  roles: ['guest', 'host', 'arbiter'],
  parameters: heteroLrParameters,
  writesModel: checkpointsWriteModel,
});
