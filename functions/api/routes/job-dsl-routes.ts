import * as z from 'zod';
import { ArgumentError } from '../../domain/errors.js';
import { dslSchema } from '../../domain/job/dsl-schema.js';
import { parseOrThrow } from '../../domain/job/zod-errors.js';
import { deployDsl } from '../../domain/model/deploy-dsl.js';
import { parseBody } from '../request-fields.js';
import type { Route } from '../route.js';
import { jsonAnswer } from './json-file-answer.js';
import { cpnListField, dslField } from './model-requests.js';

/**
 * `flow job dsl --cpn-list "a, b" | --cpn-path F --train-dsl-path F [-o DIR]`: FATE's client posts the
 * components as `cpn_str` (text or a list), the training DSL file's text as `train_dsl`, `version`
 * "2", and `filename` when it writes the answer to a file.
 */
const dslGenerateRequest = z.looseObject({
  cpn_str: cpnListField,
  train_dsl: dslField('train_dsl'),
  version: z
    .union([z.string(), z.number()], { error: 'version must be "2"' })
    .transform(String)
    .refine((version) => version === '2', { error: 'version: only DSL version 2 is supported' })
    .optional(),
  filename: z.string({ error: 'filename must be a string' }).max(255).optional(),
});

/** FATE-Flow's `/v1/job/dsl/generate`: the predict DSL of the listed components of a training DSL. Reads nothing. */
export const jobDslRoutes: Route<unknown>[] = [
  {
    method: 'POST',
    path: '/v1/job/dsl/generate',
    handler: async (request) => {
      const body = parseBody(dslGenerateRequest, request.body);
      if (body.cpn_str.length === 0) {
        throw new ArgumentError('cpn_str: Component list should not be empty', { details: { field: 'cpn_str' } });
      }
      const trainDsl = parseOrThrow(dslSchema, body.train_dsl, 'train_dsl');
      return jsonAnswer(deployDsl(trainDsl, body.cpn_str), body.filename);
    },
  },
];
