import { ArgumentError, FederatedError } from '../../domain/errors.js';
import type { JsonObject } from '../../domain/job/deep-merge.js';
import { readSubmission } from '../../domain/job/submission.js';
import type { JobPlan } from '../../domain/plan/job-plan.js';
import { planJob } from '../../domain/plan/plan-job.js';
import { FederatedSchedulingStatusCode } from '../../domain/status/statuses.js';
import { callParties, describeFailures } from '../federation/fan-out.js';
import { type CheckPredictModelDeps, checkPredictModel } from '../models/check-predict-model.js';
import { predictRuntimeConf } from '../models/inherit-training-parameters.js';
import { type SiteLinks, siteLinks } from '../site-links.js';
import type { SiteServices } from '../site-services.js';
import { buildJobRecords } from './job-records.js';

/**
 * What FATE-Flow answers to `job submit` (FATE's client prints it and scripts read job_id), with
 * only the paths and links that exist: FATE-Flow's dsl_path, runtime_conf_path and the other conf
 * paths name files on its own disk, which no site here writes (`flow job config` fetches them), so
 * they are left out; logs_directory and board_url are there when the site has them (siteLinks).
 */
export interface SubmitResult extends SiteLinks {
  readonly job_id: string;
  readonly model_info: { readonly model_id: string; readonly model_version: string };
}

export type SubmitJobDeps = Pick<
  SiteServices,
  'clock' | 'events' | 'jobs' | 'newJobId' | 'parties' | 'peers' | 'site'
> &
  CheckPredictModelDeps;

/**
 * FATE's submit: validate and plan, check that every other party is in the registry and that the
 * records fit the store, and that a predict job's model is deployed at every party (nothing is
 * stored on any error), store the job and its tasks at this
 * site, create it at every other party in parallel, and queue it. If any party refuses,
 * the job fails here with tag `submit_failed`, the parties that accepted are told, and the caller
 * gets a FEDERATED_ERROR naming who refused and why.
 */
export async function submitJob(services: SubmitJobDeps, body: unknown): Promise<SubmitResult> {
  const { site } = services;
  const submission = readSubmission(body);
  const options = { catalog: site.catalog, pool: site.pool, strict: !site.catalog.acceptsUnknownModules };
  const given = planJob(submission.dsl, submission.runtimeConf, options);
  if (given.initiator.partyId !== site.partyId) {
    throw new ArgumentError(
      `runtime_conf.initiator.party_id: this site is party ${site.partyId}; a job is submitted at its initiator's site (party ${given.initiator.partyId})`,
      { details: { field: 'runtime_conf.initiator.party_id' } },
    );
  }
  const dsl = submission.dsl as JsonObject;
  // A predict job runs with its model's training parameters under its own; every party plans this conf.
  const runtimeConf = await predictRuntimeConf(services, given, dsl, submission.runtimeConf as JsonObject);
  const plan = runtimeConf === submission.runtimeConf ? given : planJob(dsl, runtimeConf, options);
  const jobId = services.newJobId();
  const createTime = services.clock();
  const { jobs, tasks } = buildJobRecords({ jobId, plan, dsl, runtimeConf, partyId: site.partyId, createTime });
  await assertPartiesRegistered(services, plan);
  await checkPredictModel(services, plan, dsl);
  for (const [index, job] of jobs.entries()) await services.jobs.createJob(job, index === 0 ? tasks : []);

  await createAtParties(services, plan, jobId, dsl, runtimeConf, createTime);
  await services.events.publish([{ type: 'JobSubmitted', jobId }]);
  return submitResult(services, plan, jobId);
}

/** A party missing from the registry could never be asked to create the job: refuse before storing it. */
async function assertPartiesRegistered(services: Pick<SiteServices, 'parties' | 'site'>, plan: JobPlan): Promise<void> {
  const registered = new Set((await services.parties.listParties()).map((party) => party.partyId));
  const missing = plan.parties.find((p) => p.partyId !== services.site.partyId && !registered.has(p.partyId));
  if (missing === undefined) return;
  const { partyId, role } = missing;
  throw new ArgumentError(
    `runtime_conf.role.${role}: party ${partyId} is not in this site's party registry; register it first (flow party add)`,
    { details: { field: `runtime_conf.role.${role}`, partyId } },
  );
}

async function createAtParties(
  services: Pick<SiteServices, 'clock' | 'jobs' | 'peers' | 'site'>,
  plan: JobPlan,
  jobId: string,
  dsl: JsonObject,
  runtimeConf: JsonObject,
  createTime: number,
): Promise<void> {
  const remote = plan.parties.filter((party) => party.partyId !== services.site.partyId);
  if (remote.length === 0) return;
  const src = { role: plan.initiator.role, partyId: plan.initiator.partyId };
  const created = await callParties(
    services.peers,
    { jobId, src, command: 'job.create', body: { dsl, runtimeConf, createTime } },
    remote.map((party) => ({ role: party.role, partyId: party.partyId })),
  );
  if (created.status === FederatedSchedulingStatusCode.SUCCESS) return;

  for (const job of await services.jobs.getJobRecords(jobId)) {
    await services.jobs.updateJobStatus(job, 'failed', { tag: 'submit_failed', endTime: services.clock() });
  }
  const accepted = created.replies.filter((r) => r.reply.retcode === 0).map((r) => r.party);
  await callParties(services.peers, { jobId, src, command: 'job.stop', body: { status: 'failed' } }, accepted);
  throw new FederatedError(`create job ${jobId} failed: ${describeFailures(created.replies)}`, {
    details: { jobId, refusedBy: created.replies.filter((r) => r.reply.retcode !== 0).map((r) => r.party) },
  });
}

function submitResult(services: Pick<SiteServices, 'site'>, plan: JobPlan, jobId: string): SubmitResult {
  return {
    job_id: jobId,
    model_info: { model_id: plan.modelInfo.modelId, model_version: plan.modelInfo.modelVersion ?? jobId },
    ...siteLinks(services.site, jobId),
  };
}
