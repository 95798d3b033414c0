import { ArgumentError } from '../errors.js';
import { modelId as modelIdOf } from '../ids.js';
import type { PartyRef, Role, RoleParties } from '../job/roles.js';
import type { PipelinedModel } from './pipelined-model.js';

/** FATE's `model migrate` request: the model's roles, the roles it moves to, who migrates. */
export interface MigrateRequest {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly role: RoleParties;
  readonly migrateRole: RoleParties;
  readonly migrateInitiator: PartyRef;
  readonly unifyModelVersion: string;
}

/** FATE's `compare_roles`: the same roles with the same party ids in the same order. */
export function sameRoles(a: RoleParties, b: RoleParties): boolean {
  const keys = (roles: RoleParties) => Object.keys(roles).sort();
  const [ka, kb] = [keys(a), keys(b)];
  if (ka.join() !== kb.join()) return false;
  return ka.every((role) => (a[role as Role] ?? []).join() === (b[role as Role] ?? []).join());
}

/**
 * Checks a migration the way FATE-Flow does before it touches a model: the new roles differ from
 * the old, name the same roles with as many parties each (party i of a role becomes party i of
 * the same role), and the new initiator is one of the new parties.
 */
export function checkMigration(request: MigrateRequest): void {
  if (sameRoles(request.role, request.migrateRole)) {
    throw new ArgumentError(
      'migrate_role: the config of previous roles is the same with that of migrate roles; there is no need to migrate the model',
      { details: { field: 'migrate_role' } },
    );
  }
  for (const [role, parties] of Object.entries(request.role)) {
    const moved = request.migrateRole[role as Role];
    if (moved === undefined || moved.length !== parties.length) {
      throw new ArgumentError(
        `migrate_role.${role}: must list ${parties.length} part${parties.length === 1 ? 'y' : 'ies'}, as role.${role} does`,
        { details: { field: `migrate_role.${role}` } },
      );
    }
  }
  const extra = Object.keys(request.migrateRole).filter((role) => !(role in request.role));
  if (extra.length > 0) {
    throw new ArgumentError(`migrate_role.${extra[0]}: the model has no ${extra[0]} role`, {
      details: { field: `migrate_role.${extra[0]}` },
    });
  }
  const { role, party_id } = { role: request.migrateInitiator.role, party_id: request.migrateInitiator.partyId };
  if (!(request.migrateRole[role] ?? []).includes(party_id)) {
    throw new ArgumentError(`migrate_initiator: ${role} ${party_id} is not one of the migrate roles' parties`, {
      details: { field: 'migrate_initiator' },
    });
  }
}

/** The party that `party` (of the old roles) becomes: the same role, the same position. */
export function migratedParty(request: MigrateRequest, party: PartyRef): PartyRef {
  const index = (request.role[party.role] ?? []).indexOf(party.partyId);
  const partyId = index < 0 ? undefined : request.migrateRole[party.role]?.[index];
  if (partyId === undefined) {
    throw new ArgumentError(`execute_party: ${party.role} ${party.partyId} is not one of role.${party.role}`, {
      details: { field: 'execute_party' },
    });
  }
  return { role: party.role, partyId };
}

/**
 * FATE's migration of one party's model: a new model id from the new roles, the unified new
 * version, the new party id, and the training conf's roles and initiator rewritten; the
 * component models are the same objects (ours carry no party ids in their content).
 */
export function migrateModel(model: PipelinedModel, request: MigrateRequest, createTime: number): PipelinedModel {
  const moved = migratedParty(request, model);
  const modelId = modelIdOf(request.migrateRole);
  const initiator = { role: request.migrateInitiator.role, party_id: request.migrateInitiator.partyId };
  const jobParameters = model.trainRuntimeConf.job_parameters;
  const common =
    typeof jobParameters === 'object' && jobParameters !== null && !Array.isArray(jobParameters)
      ? (jobParameters as Record<string, unknown>).common
      : undefined;
  return {
    ...model,
    modelId,
    modelVersion: request.unifyModelVersion,
    partyId: moved.partyId,
    initiator: request.migrateInitiator,
    roles: request.migrateRole,
    parent: false,
    parentInfo: { modelId: model.modelId, modelVersion: model.modelVersion },
    trainRuntimeConf: {
      ...model.trainRuntimeConf,
      role: request.migrateRole as unknown as Record<string, number[]>,
      initiator,
      job_parameters: {
        ...(typeof jobParameters === 'object' && jobParameters !== null ? jobParameters : {}),
        common: {
          ...(typeof common === 'object' && common !== null ? common : {}),
          model_id: modelId,
          model_version: request.unifyModelVersion,
        },
      },
    },
    imported: false,
    createTime,
  };
}
