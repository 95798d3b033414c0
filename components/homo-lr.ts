import * as z from 'zod';
import { defineSpec } from '../functions/domain/plan/component-catalog.js';
import {
  checkpointsWriteModel,
  checkValidationSettings,
  linearModelFields,
  lower,
  refuse,
  validationSettings,
} from './lr-parameters.js';

// Homo LR exchanges models, not gradients on encrypted labels: FATE's Paillier variant (hosts
// training on encrypted weights) is refused; the models are protected by secure aggregation instead.
const encryptParam = z
  .looseObject({
    method: z
      .union([z.string(), z.null()])
      .refine(
        (value) => value === null || value.toLowerCase() === 'none',
        refuse(
          'encrypt_param.method must be null for HomoLR: Paillier homo training is not implemented (models are secure-aggregated instead)',
        ),
      )
      .transform(() => null)
      .default(null),
  })
  .prefault({});

/**
 * FATE 1.11's HomoLogisticParam by its own names and defaults. Settings this build does not
 * implement are accepted at FATE's default only and refused at submit, saying why; names FATE does
 * not have fail as unknown (strict objects).
 */
export const homoLrParameters = z
  .strictObject({
    ...linearModelFields,
    optimizer: lower(
      ['sgd', 'rmsprop', 'adam', 'adagrad', 'nesterov_momentum_sgd'],
      'optimizer must be sgd, rmsprop, adam, adagrad or nesterov_momentum_sgd',
    ).default('sgd'),
    batch_size: z
      .number()
      .int()
      .refine((value) => value === -1 || value >= 1, refuse('batch_size must be -1 (all rows) or at least 1'))
      .default(-1),
    encrypt_param: encryptParam,
    // Paillier homo training's and FedProx's settings: both are refused above, so only FATE's defaults pass.
    re_encrypt_batches: z
      .literal(2, refuse('re_encrypt_batches is for Paillier homo training, which is not implemented'))
      .default(2),
    aggregate_iters: z.number().int().min(1, refuse('aggregate_iters must be at least 1')).default(1),
    use_proximal: z.literal(false, refuse('FedProx (use_proximal) is not implemented')).default(false),
    mu: z.literal(0.1, refuse("mu is FedProx's (use_proximal), which is not implemented")).default(0.1),
  })
  .superRefine(checkValidationSettings)
  // FATE's ValidationStrategy: "early stopping is not supported for homo algorithms".
  .refine(
    (p) => validationSettings(p).earlyStoppingRounds === null,
    refuse('early_stopping_rounds: early stopping is not supported for homo algorithms (as in FATE)'),
  );

export type HomoLrParameters = z.output<typeof homoLrParameters>;

/** FATE's HomoLR: guest and hosts train on their own rows, the arbiter aggregates their models. */
export const homoLrSpec = defineSpec({
  module: 'HomoLR',
  roles: ['guest', 'host', 'arbiter'],
  parameters: homoLrParameters,
  writesModel: checkpointsWriteModel,
});
