import type { ExecutionStore } from '../../functions/domain/ports/execution-store.js';
import { type RestartRecovery, recoverAfterRestart } from '../../functions/services/detector/restart-recovery.js';
import type { SiteServices } from '../../functions/services/site-services.js';
import type { LeftoverWorkers } from '../launcher/worker-files.js';
import type { LocalOrchestrator } from '../workflow/local-orchestrator.js';
import { type ResumedWorkflows, resumeWorkflows } from '../workflow/resume-workflows.js';

/**
 * What a starting site does about its last run, before its scheduler and detector run: its tasks
 * left running are recovered (interrupted by the last shutdown, or dead in a crash) and its
 * workflows resumed. Each step on its own: what one cannot do now, the detector's sweeps and the
 * reports still coming do later, and the site runs either way.
 */
export async function recoverSite(
  services: SiteServices,
  last: {
    readonly orchestrator: LocalOrchestrator;
    readonly executions: ExecutionStore;
    readonly leftovers: LeftoverWorkers;
  },
): Promise<void> {
  const party = services.site.partyId;
  const tasks = await recoverAfterRestart(services, last.leftovers.interrupted).catch((error: unknown) => {
    console.error(`party ${party}: recovering its tasks after the restart failed`, error);
    return undefined;
  });
  const workflows = await resumeWorkflows(services, last.orchestrator, last.executions).catch((error: unknown) => {
    console.error(`party ${party}: resuming its workflows after the restart failed`, error);
    return undefined;
  });
  const line = recoveryLine(last.leftovers.orphansKilled.length, tasks, workflows);
  if (line !== '') console.info(`party ${party} restarted: ${line}`);
}

/** What a restart found, in words; empty on a clean first start. */
function recoveryLine(
  orphansKilled: number,
  tasks: RestartRecovery | undefined,
  workflows: ResumedWorkflows | undefined,
): string {
  return [
    orphansKilled > 0 ? `${orphansKilled} orphaned runner(s) killed` : '',
    tasks?.interruptedTasks ? `${tasks.interruptedTasks} interrupted task(s) to run again` : '',
    tasks?.deadTasks ? `${tasks.deadTasks} task(s) whose worker died failed` : '',
    tasks?.reportsSent ? `${tasks.reportsSent} report(s) sent` : '',
    workflows?.resumed.length ? `${workflows.resumed.length} workflow(s) resumed` : '',
    workflows?.started.length ? `${workflows.started.length} missing workflow(s) started` : '',
  ]
    .filter((part) => part !== '')
    .join(', ');
}
