import { NotFoundError } from '../../domain/errors.js';
import type { JobRecord } from '../../domain/records/job-record.js';
import { FederatedSchedulingStatusCode } from '../../domain/status/statuses.js';
import { STEP_ERRORS, type StepHandlers } from '../../steps/step-contract.js';
import { callJobParties, describeFailures } from '../federation/fan-out.js';
import { taskParallelismOf } from '../jobs/party-job-parameters.js';
import { type SetLocalJobStatusDeps, setLocalJobStatus } from '../jobs/set-local-job-status.js';
import type { SiteServices } from '../site-services.js';

async function initiatorRecord(services: Pick<SiteServices, 'jobs' | 'site'>, jobId: string): Promise<JobRecord> {
  const job = (await services.jobs.getJobRecords(jobId)).find((r) => r.isInitiator);
  if (job === undefined)
    throw new NotFoundError(`job ${jobId} has no initiator record at party ${services.site.partyId}`);
  return job;
}

export type StepHandlersDeps = Pick<SiteServices, 'clock' | 'jobs' | 'orchestrator' | 'peers' | 'site'> &
  SetLocalJobStatusDeps;

/**
 * The steps of `statemachines/job.asl.json`, at the initiator: the same functions are the step
 * Lambdas in AWS and the local workflow's overrides.
 */
export function createStepHandlers(services: StepHandlersDeps): StepHandlers {
  return {
    async loadPlan({ jobId }) {
      const job = await initiatorRecord(services, jobId);
      return {
        jobId,
        taskParallelism: taskParallelismOf(job),
        stages: job.stages.map((components, index) => ({ index, components: [...components] })),
      };
    },

    async runComponent({ jobId, component, taskToken }) {
      // Read, and the component's first run written, at once: this step sits between two stages,
      // on every job's critical path. The write is taken only where no run is stored: version 0,
      // which no task of a component without a run can have ended (only a run's step or retry
      // starts a task), so no report can settle this token before it is attached to its version.
      const first = { jobId, component, taskToken, taskVersion: 0, startTime: services.clock() };
      const [job, tasks, created] = await Promise.all([
        initiatorRecord(services, jobId),
        services.jobs.listTasks(jobId, { component }),
        services.jobs.createComponentRun(first),
      ]);
      const taskVersion = Math.max(0, ...tasks.map((t) => t.taskVersion));
      const latest = tasks.filter((t) => t.taskVersion === taskVersion);
      // A rerun walks the whole DAG again: components that already succeeded are settled at once.
      if (latest.length > 0 && latest.every((t) => t.status === 'success' || t.status === 'pass')) {
        await services.orchestrator.succeed(taskToken, { component, status: 'success', taskVersion });
        return;
      }
      // A rerun's new version, or a resumed workflow (a restarted local site) come here again for a
      // component under way: the token is attached to the version that runs (a retry may be ahead
      // of what was read), and the start below launches nothing new — each party answers with its
      // task's status.
      const run =
        created && taskVersion === first.taskVersion
          ? first
          : await services.jobs.attachComponentRun({
              jobId,
              component,
              taskToken,
              taskVersion,
              startTime: services.clock(),
            });
      const started = await callJobParties(services.peers, job, 'task.start', {
        component,
        taskVersion: run.taskVersion,
      });
      if (started.status !== FederatedSchedulingStatusCode.SUCCESS) {
        await services.orchestrator.fail(
          taskToken,
          STEP_ERRORS.componentFailed,
          `${component} could not start everywhere: ${describeFailures(started.replies)}`,
        );
      }
    },

    async finishJob({ jobId }) {
      const job = await initiatorRecord(services, jobId);
      await setLocalJobStatus(services, jobId, 'success', { progress: 100 }, job);
      const told = await callJobParties(services.peers, job, 'job.status', { status: 'success' });
      const returned = await callJobParties(services.peers, job, 'job.resource.return', {});
      // Everyone has the end: nothing for the detector to re-send.
      if ([...told.replies, ...returned.replies].every((r) => r.reply.retcode === 0)) {
        await services.jobs.markEndSynced(job);
      }
    },

    async failJob({ jobId, error, cause }) {
      const job = await initiatorRecord(services, jobId);
      if (error !== STEP_ERRORS.jobStopped) {
        await setLocalJobStatus(services, jobId, 'failed', {}, job);
        await callJobParties(services.peers, job, 'job.stop', { status: 'failed' });
      }
      await callJobParties(services.peers, job, 'job.resource.return', {});
      console.error(`job ${jobId} failed: ${error}: ${cause}`);
    },
  };
}
