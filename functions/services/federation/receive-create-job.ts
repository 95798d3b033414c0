import { ArgumentError } from '../../domain/errors.js';
import type { JsonObject } from '../../domain/job/deep-merge.js';
import { predictModelProblem } from '../../domain/model/predict-model-check.js';
import { planJob } from '../../domain/plan/plan-job.js';
import type { FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import { buildJobRecords } from '../jobs/job-records.js';
import { type ReadModelDeps, readPartyModel } from '../models/read-model.js';
import type { SiteServices } from '../site-services.js';
import { checkGrants } from './check-grants.js';

export type ReceiveCreateJobDeps = Pick<SiteServices, 'jobs' | 'permissions' | 'site'> & ReadModelDeps;

/**
 * A party's side of `create`: re-validate the job with this site's own catalog and pool (FATE's
 * core-limit check happens here too), check the initiator's grants, store the job and this
 * party's tasks as waiting. Idempotent: a second delivery finds the job and answers the same.
 */
export async function receiveCreateJob(
  services: ReceiveCreateJobDeps,
  message: FederatedMessage<'job.create'>,
): Promise<PeerReply> {
  const { site } = services;
  // A module this party cannot run is refused here too: the initiator's site may know more modules.
  const plan = planJob(message.body.dsl, message.body.runtimeConf, {
    catalog: site.catalog,
    pool: site.pool,
    strict: !site.catalog.acceptsUnknownModules,
  });
  if (plan.initiator.partyId !== message.src.partyId || plan.initiator.role !== message.src.role) {
    throw new ArgumentError(
      `job ${message.jobId}: the sender ${message.src.role} ${message.src.partyId} is not the job's initiator ${plan.initiator.role} ${plan.initiator.partyId}`,
    );
  }
  if (!plan.parties.some((p) => p.partyId === site.partyId && p.role === message.dest.role)) {
    throw new ArgumentError(
      `job ${message.jobId}: party ${site.partyId} plays no ${message.dest.role} role in this job`,
    );
  }
  if (site.permissionCheck) {
    checkGrants(
      plan,
      { role: message.dest.role, partyId: site.partyId },
      message.src.partyId,
      await services.permissions.listGrants(message.src.partyId),
    );
  }
  if (plan.jobType === 'predict') {
    // The initiator checked before storing (model.check); a party still refuses a model it lacks.
    const party = { role: message.dest.role, partyId: site.partyId };
    const version = plan.modelInfo.modelVersion ?? '';
    const model = version === '' ? undefined : await readPartyModel(services, version, party);
    const problem = predictModelProblem(
      message.body.dsl,
      { modelId: plan.modelInfo.modelId, modelVersion: version },
      party,
      model,
    );
    if (problem !== undefined) throw new ArgumentError(`job ${message.jobId}: ${problem}`);
  }
  const { jobs, tasks } = buildJobRecords({
    jobId: message.jobId,
    plan,
    dsl: message.body.dsl as JsonObject,
    runtimeConf: message.body.runtimeConf as JsonObject,
    partyId: site.partyId,
    createTime: message.body.createTime,
  });
  const job = jobs.find((j) => j.role === message.dest.role);
  if (job === undefined) throw new ArgumentError(`job ${message.jobId}: no ${message.dest.role} record to create`);
  const roleTasks = tasks.filter((t) => t.role === message.dest.role && t.partyId === site.partyId);
  await services.jobs.createJob(job, roleTasks);
  const components = Object.fromEntries(roleTasks.map((t) => [t.component, { need_run: t.needRun }]));
  return { retcode: 0, retmsg: 'success', data: { components } };
}
