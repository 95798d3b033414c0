import type { TaskStatusPatch } from '../../domain/ports/job-store.js';
import type { FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import { type TaskKey, type TaskRecord, withPartyStatus } from '../../domain/records/task-record.js';
import { isEndStatus, type TaskStatus } from '../../domain/status/statuses.js';
import type { SiteServices } from '../site-services.js';
import { type AdvanceTaskDeps, advanceTask } from './advance-task.js';
import { readForSettle, type SettleComponentDeps, type SettleReads, settleComponent } from './settle-component.js';

export type ReceiveTaskReportDeps = AdvanceTaskDeps & SettleComponentDeps & Pick<SiteServices, 'site'>;

/**
 * At the initiator: a party's task report. The holder for that party takes the reported status
 * (with its times and error report), then the component's combined status is worked out.
 */
export async function receiveTaskReport(
  services: ReceiveTaskReportDeps,
  message: FederatedMessage<'task.report'>,
): Promise<PeerReply> {
  const { component, taskVersion, partyStatus, startTime, endTime, elapsed, errorReport } = message.body;
  const key = { jobId: message.jobId, component, taskVersion, role: message.src.role, partyId: message.src.partyId };
  // This site's own task (the initiator plays a role in its job) is its own holder: one record per
  // task in the site's table, which the report was read from, so there is nothing to bring up to
  // date (the write would find the status there already) and the component is settled at once.
  if (message.src.partyId === services.site.partyId) {
    await settleComponent(services, message.jobId, component, taskVersion, partyStatus);
    return { retcode: 0, retmsg: 'success' };
  }
  const patch: TaskStatusPatch = {
    ...(startTime === undefined ? {} : { startTime }),
    ...(endTime === undefined ? {} : { endTime }),
    ...(elapsed === undefined ? {} : { elapsed }),
    ...(errorReport === undefined ? {} : { errorReport }),
  };
  // A final report may be the component's last: the settle's reads go beside the holder's write
  // (one round trip fewer on the stage's path), brought up to what the write wrote; the settle
  // takes them only if they end the component, and reads again otherwise.
  const [written, early] = await Promise.all([
    advanceTask(services, key, partyStatus, patch),
    isEndStatus(partyStatus) ? readForSettle(services, message.jobId, component, partyStatus) : undefined,
  ]);
  const reads = written && early !== undefined ? withHolder(early, key, partyStatus, patch) : undefined;
  await settleComponent(services, message.jobId, component, taskVersion, partyStatus, reads);
  return { retcode: 0, retmsg: 'success' };
}

/** Reads made beside a holder's write, with that holder as the write left it. */
function withHolder(reads: SettleReads, key: TaskKey, to: TaskStatus, patch: TaskStatusPatch): SettleReads {
  const isHolder = (t: TaskRecord): boolean =>
    t.component === key.component &&
    t.taskVersion === key.taskVersion &&
    t.role === key.role &&
    t.partyId === key.partyId;
  return { ...reads, all: reads.all.map((t) => (isHolder(t) ? withPartyStatus(t, to, patch) : t)) };
}
