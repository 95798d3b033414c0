import { ArgumentError, NotFoundError } from '../../domain/errors.js';
import { isComponentName } from '../../domain/job/dsl-schema.js';
import { describe } from '../../domain/job/party-id.js';
import { MAX_NAME_LENGTH } from '../../domain/limits.js';
import type { FederatedMessage, FederationReceiver, PeerReply } from '../../domain/ports/peer-client.js';
import { admitTransfer } from '../../services/federation/admit-transfer.js';
import { noteInitiatorContact } from '../../services/federation/initiator-contact.js';
import { receiveCreateJob } from '../../services/federation/receive-create-job.js';
import { receiveJobStatus } from '../../services/federation/receive-job-status.js';
import { receiveJobStop } from '../../services/federation/receive-job-stop.js';
import { receivePartyStop } from '../../services/federation/receive-party-stop.js';
import { receiveTransfer } from '../../services/federation/receive-transfer.js';
import type { FederationReceiverDeps } from '../../services/federation/receiver-deps.js';
import { receiveModelInfer } from '../../services/inference/receive-model-infer.js';
import { receiveModelCheck } from '../../services/models/receive-model-check.js';
import { receiveModelDeploy } from '../../services/models/receive-model-deploy.js';
import { receiveJobStart } from '../../services/scheduling/receive-job-start.js';
import { receiveResourceApply, receiveResourceReturn } from '../../services/scheduling/receive-resources.js';
import { receiveTaskReport } from '../../services/tasks/receive-task-report.js';
import { receiveTaskStart } from '../../services/tasks/receive-task-start.js';
import { receiveTaskStop } from '../../services/tasks/receive-task-stop.js';
import { replyOrRefusal } from './refusal-reply.js';

/**
 * This site's receiver: the federation endpoint (receive-delivery.ts) hands it a peer's verified
 * message, and the site's own peer client (adapters/peers/loopback-peer-client.ts) a message one of
 * its services addressed to this same site. It admits the message (state checks before anything
 * is recorded; a refusal is thrown) and dispatches it to its command handler in functions/services.
 * The handlers' refusals become FATE replies (retcode and message), so the sender can combine them;
 * only our own faults propagate.
 */
export function createFederationReceiver(services: FederationReceiverDeps): FederationReceiver {
  return {
    async admit(message: FederatedMessage): Promise<void> {
      if (message.command === 'transfer') await admitTransfer(services, message as FederatedMessage<'transfer'>);
    },
    receive(message: FederatedMessage): Promise<PeerReply> {
      return replyOrRefusal(async () => {
        if (message.dest.partyId !== services.site.partyId) {
          throw new ArgumentError(`message for party ${message.dest.partyId} reached party ${services.site.partyId}`);
        }
        checkComponent(message);
        const reply = await dispatch(services, message);
        // Only what the command accepted counts as the initiator's sign of life: a refusal changes nothing.
        if (reply.retcode === 0) noteInitiatorContact(services, message);
        return reply;
      });
    },
  };
}

async function dispatch(services: FederationReceiverDeps, message: FederatedMessage): Promise<PeerReply> {
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
    case 'job.party.stop':
      return await receivePartyStop(services, message as FederatedMessage<'job.party.stop'>);
    case 'job.resource.apply':
      return await receiveResourceApply(services, message);
    case 'job.resource.return':
      return await receiveResourceReturn(services, message);
    case 'job.start':
      return await receiveJobStart(services, message as FederatedMessage<'job.start'>);
    case 'job.clean':
      // Intermediate data lives in the object store under the job's prefix; nothing to do per party yet.
      return { retcode: 0, retmsg: 'success' };
    case 'task.start':
      return await receiveTaskStart(services, message as FederatedMessage<'task.start'>);
    case 'task.stop':
      return await receiveTaskStop(services, message as FederatedMessage<'task.stop'>);
    case 'task.report':
      return await receiveTaskReport(services, message as FederatedMessage<'task.report'>);
    case 'transfer':
      return await receiveTransfer(services, message as FederatedMessage<'transfer'>);
    case 'model.deploy':
      return await receiveModelDeploy(services, message as FederatedMessage<'model.deploy'>);
    case 'model.check':
      return await receiveModelCheck(services, message as FederatedMessage<'model.check'>);
    case 'model.infer':
      return await receiveModelInfer(services, message as FederatedMessage<'model.infer'>);
    default:
      throw new ArgumentError(`unknown command ${String((message as { command: unknown }).command)}`);
  }
}

/** A task command's component becomes a segment of a key: a name no DSL could declare is refused before. */
function checkComponent(message: FederatedMessage): void {
  const { body } = message;
  if (!('component' in body) || isComponentName(body.component)) return;
  throw new ArgumentError(
    `${message.command}: component ${describe(body.component)} is not a component name (letters, digits, "_" and "-", at most ${MAX_NAME_LENGTH} characters)`,
  );
}

async function ensureJob(
  services: FederationReceiverDeps,
  message: FederatedMessage,
  run: () => Promise<PeerReply>,
): Promise<PeerReply> {
  const records = await services.jobs.getJobRecords(message.jobId);
  if (records.length === 0) throw new NotFoundError(`job ${message.jobId} not found at party ${services.site.partyId}`);
  return run();
}
