import { RetCode } from '../../domain/errors.js';
import type { PartyRef } from '../../domain/job/roles.js';
import { checkMigration, type MigrateRequest, migrateModel as migrated } from '../../domain/model/migrate-model.js';
import type { SiteServices } from '../site-services.js';
import { type ReadModelDeps, readPartyModel } from './read-model.js';

export type MigrateModelDeps = Pick<SiteServices, 'clock' | 'site'> & ReadModelDeps;

/**
 * FATE's `model migrate` for the parties of `execute_party` this site serves: each party's model
 * becomes a model of the new roles (a new model id, the unified version, its new party id). FATE
 * sends each execute party a request; a site here migrates only its own parties' models, so a
 * party served elsewhere is answered as not migrated, naming where to run it. Per-party retcodes,
 * as FATE answers.
 */
export async function migrateModels(
  deps: MigrateModelDeps,
  request: MigrateRequest,
  executeParty: readonly PartyRef[],
): Promise<{ retcode: number; retmsg: string; data: Record<string, unknown> }> {
  checkMigration(request);
  const data: Record<string, unknown> = {};
  const detail: Record<string, Record<string, unknown>> = {};
  let ok = true;
  for (const party of executeParty) {
    const outcome = await migrateOne(deps, request, party);
    if (outcome.retcode !== RetCode.SUCCESS) ok = false;
    data[party.role] = { ...(data[party.role] as object | undefined), [party.partyId]: outcome.retcode };
    detail[party.role] = { ...detail[party.role], [party.partyId]: outcome };
  }
  data.detail = detail;
  return { retcode: ok ? RetCode.SUCCESS : RetCode.ARGUMENT_ERROR, retmsg: ok ? 'success' : 'failed', data };
}

async function migrateOne(
  deps: MigrateModelDeps,
  request: MigrateRequest,
  party: PartyRef,
): Promise<{ retcode: number; retmsg: string }> {
  const at = `${party.role} ${party.partyId}`;
  if (party.partyId !== deps.site.partyId) {
    return { retcode: RetCode.ARGUMENT_ERROR, retmsg: `${at} is not served by this site; run the migrate at its site` };
  }
  const model = await readPartyModel(deps, request.modelVersion, party);
  if (model === undefined || model.modelId !== request.modelId) {
    return { retcode: RetCode.ARGUMENT_ERROR, retmsg: `no model ${request.modelId} ${request.modelVersion} at ${at}` };
  }
  const next = migrated(model, request, deps.clock());
  await deps.models.putModel(next);
  return {
    retcode: RetCode.SUCCESS,
    retmsg: `migrate model of ${at} success: ${next.role} ${next.partyId} ${next.modelId} ${next.modelVersion}`,
  };
}
