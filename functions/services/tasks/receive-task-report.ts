import type { FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import { type AdvanceTaskDeps, advanceTask } from './advance-task.js';
import { type SettleComponentDeps, settleComponent } from './settle-component.js';

export type ReceiveTaskReportDeps = AdvanceTaskDeps & SettleComponentDeps;

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
  await advanceTask(services, key, partyStatus, {
    ...(startTime === undefined ? {} : { startTime }),
    ...(endTime === undefined ? {} : { endTime }),
    ...(elapsed === undefined ? {} : { elapsed }),
    ...(errorReport === undefined ? {} : { errorReport }),
  });
  await settleComponent(services, message.jobId, component, taskVersion, partyStatus);
  return { retcode: 0, retmsg: 'success' };
}
