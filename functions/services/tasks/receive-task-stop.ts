import type { FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import type { SiteServices } from '../site-services.js';
import { type ReportTaskDeps, reportTask } from './report-task.js';

export type ReceiveTaskStopDeps = Pick<SiteServices, 'clock' | 'jobs' | 'launcher' | 'site'> & ReportTaskDeps;

/** FATE's task `stop/<status>` at a party: kill that task if it runs and give it the status. */
export async function receiveTaskStop(
  services: ReceiveTaskStopDeps,
  message: FederatedMessage<'task.stop'>,
): Promise<PeerReply> {
  const { component, taskVersion, status } = message.body;
  const key = { jobId: message.jobId, component, taskVersion, role: message.dest.role, partyId: services.site.partyId };
  const task = await services.jobs.getTask(key);
  if (task?.partyStatus === 'running') {
    // The status first: the worker's exit, reported while it dies, then finds the task ended.
    const end = services.clock();
    await services.jobs.updateTaskPartyStatus(key, status, { endTime: end, elapsed: end - (task.startTime ?? end) });
    if (task.workerId !== undefined) await services.launcher.stop(task.workerId, `task ${status}`);
    await reportTask(services, key);
  }
  return { retcode: 0, retmsg: 'success' };
}
