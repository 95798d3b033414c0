import { ArgumentError, isAppError, NotFoundError } from '../../domain/errors.js';
import type { FederatedMessage, FederationReceiver, PeerReply } from '../../domain/ports/peer-client.js';
import type { SiteServices } from '../site-services.js';
import { receiveCreateJob } from './receive-create-job.js';
import { receiveJobStatus } from './receive-job-status.js';
import { receiveJobStop } from './receive-job-stop.js';

/**
 * Dispatches a verified message to its command handler. Refusals become FATE replies (retcode and
 * message), so the sender can combine them; only our own faults propagate.
 */
export function createFederationReceiver(services: SiteServices): FederationReceiver {
  return {
    async receive(message: FederatedMessage): Promise<PeerReply> {
      try {
        if (message.dest.partyId !== services.site.partyId) {
          throw new ArgumentError(`message for party ${message.dest.partyId} reached party ${services.site.partyId}`);
        }
        switch (message.command) {
          case 'job.create':
            return await receiveCreateJob(services, message as FederatedMessage<'job.create'>);
          case 'job.stop':
            return await ensureJob(services, message, () =>
              receiveJobStop(services, message as FederatedMessage<'job.stop'>),
            );
          case 'job.status':
            return await ensureJob(services, message, () =>
              receiveJobStatus(services, message as FederatedMessage<'job.status'>),
            );
          default:
            throw new ArgumentError(`unknown command ${String((message as { command: unknown }).command)}`);
        }
      } catch (error) {
        if (isAppError(error) && error.expose) return { retcode: error.retcode, retmsg: error.message };
        throw error;
      }
    },
  };
}

async function ensureJob(
  services: SiteServices,
  message: FederatedMessage,
  run: () => Promise<PeerReply>,
): Promise<PeerReply> {
  const records = await services.jobs.getJobRecords(message.jobId);
  if (records.length === 0) throw new NotFoundError(`job ${message.jobId} not found at party ${services.site.partyId}`);
  return run();
}
