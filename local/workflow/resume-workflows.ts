import type { ExecutionStore } from '../../functions/domain/ports/execution-store.js';
import type { JobStore } from '../../functions/domain/ports/job-store.js';
import type { LocalOrchestrator } from './local-orchestrator.js';

export interface ResumedWorkflows {
  /** Names of the stored RUNNING executions run again. */
  readonly resumed: readonly string[];
  /** Jobs running here whose execution was never stored: started now. */
  readonly started: readonly string[];
}

/**
 * A restarted site's workflows: every stored RUNNING execution runs again, and a running job this
 * site initiated without an execution for its current run (the site died between starting the job
 * at its parties and starting its workflow; the scheduler counts the run first) gets it now.
 */
export async function resumeWorkflows(
  services: { readonly jobs: Pick<JobStore, 'watchedJobs'>; readonly site: { readonly partyId: number } },
  orchestrator: LocalOrchestrator,
  executions: ExecutionStore,
): Promise<ResumedWorkflows> {
  const resumed = await orchestrator.resume();
  const started: string[] = [];
  const running = (await services.jobs.watchedJobs()).filter(
    (job) => job.isInitiator && job.partyId === services.site.partyId && job.status === 'running',
  );
  for (const job of running) {
    const run = Math.max(1, job.runCount);
    if ((await executions.getExecution(job.jobId, run)) !== undefined) continue;
    await orchestrator.startExecution(job.jobId, run);
    started.push(job.jobId);
  }
  return { resumed, started };
}
