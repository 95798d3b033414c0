import * as z from 'zod';
import { partyIdSchema } from '../../domain/job/party-id.js';
import { type CheckpointDeps, getCheckpoint, listCheckpoints } from '../../services/models/checkpoints.js';
import { componentNameField, parseBody, roleField } from '../request-fields.js';
import { ok, type Route } from '../route.js';

export type CheckpointRoutesDeps = CheckpointDeps;

const checkpointRequest = z.looseObject({
  model_id: z
    .string({ error: 'model_id is required and must be a string' })
    .min(1, { error: 'model_id must not be empty' }),
  model_version: z
    .string({ error: 'model_version is required and must be a string' })
    .regex(/^[0-9A-Za-z_-]{1,64}$/, { error: 'model_version must be a model version such as 202611271544180123450' }),
  role: roleField,
  party_id: partyIdSchema,
  component_name: componentNameField,
  // FATE's client sends the `--step-index` text as it was typed.
  step_index: z
    .union(
      [
        z.number().int().min(0),
        z
          .string()
          .regex(/^\d{1,6}$/)
          .transform(Number),
      ],
      {
        error: 'step_index must be a non-negative integer',
      },
    )
    .optional(),
  step_name: z.string({ error: 'step_name must be a string' }).optional(),
});

function queryOf(body: z.output<typeof checkpointRequest>) {
  return {
    modelId: body.model_id,
    modelVersion: body.model_version,
    party: { role: body.role, partyId: body.party_id },
    component: body.component_name,
  };
}

/** FATE-Flow 1.11's `/v1/checkpoint/*`: an iterative component's per-step models of a model's training. */
export const checkpointRoutes: Route<CheckpointRoutesDeps>[] = [
  {
    method: 'POST',
    path: '/v1/checkpoint/list',
    handler: async (request, services) =>
      ok(await listCheckpoints(services, queryOf(parseBody(checkpointRequest, request.body)))),
  },
  {
    method: 'POST',
    path: '/v1/checkpoint/get',
    handler: async (request, services) => {
      const body = parseBody(checkpointRequest, request.body);
      return ok(
        await getCheckpoint(services, {
          ...queryOf(body),
          ...(body.step_index === undefined ? {} : { stepIndex: body.step_index }),
          ...(body.step_name === undefined ? {} : { stepName: body.step_name }),
        }),
      );
    },
  },
];
