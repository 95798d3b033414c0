import type { FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import type { SiteServices } from '../site-services.js';
import { type AdvanceTaskDeps, advanceTask } from './advance-task.js';
import { type SettleComponentDeps, settleComponent } from './settle-component.js';

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
  if (message.src.partyId !== services.site.partyId) {
    await advanceTask(services, key, partyStatus, {
      ...(startTime === undefined ? {} : { startTime }),
      ...(endTime === undefined ? {} : { endTime }),
      ...(elapsed === undefined ? {} : { elapsed }),
      ...(errorReport === undefined ? {} : { errorReport }),
    });
  }
  await settleComponent(services, message.jobId, component, taskVersion, partyStatus);
  return { retcode: 0, retmsg: 'success' };
}
