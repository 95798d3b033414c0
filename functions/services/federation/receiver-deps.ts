import type { ReceiveModelInferDeps } from '../inference/receive-model-infer.js';
import type { ReceiveModelCheckDeps } from '../models/receive-model-check.js';
import type { ReceiveModelDeployDeps } from '../models/receive-model-deploy.js';
import type { ReceiveJobStartDeps } from '../scheduling/receive-job-start.js';
import type { ReceiveResourceApplyDeps, ReceiveResourceReturnDeps } from '../scheduling/receive-resources.js';
import type { SiteServices } from '../site-services.js';
import type { ReceiveTaskReportDeps } from '../tasks/receive-task-report.js';
import type { ReceiveTaskStartDeps } from '../tasks/receive-task-start.js';
import type { ReceiveTaskStopDeps } from '../tasks/receive-task-stop.js';
import type { AdmitTransferDeps } from './admit-transfer.js';
import type { NoteInitiatorContactDeps } from './initiator-contact.js';
import type { ReceiveCreateJobDeps } from './receive-create-job.js';
import type { ReceiveJobStatusDeps } from './receive-job-status.js';
import type { ReceiveJobStopDeps } from './receive-job-stop.js';
import type { ReceivePartyStopDeps } from './receive-party-stop.js';
import type { TransferDeps } from './receive-transfer.js';

/**
 * What the site's receiver (functions/federation/inbound/receiver.ts) needs: the union of what its
 * command handlers declare, and the job records it checks first. Declared here, beside the
 * handlers, so that services can name it (entry-deps.ts) without importing the receiver.
 */
export type FederationReceiverDeps = Pick<SiteServices, 'jobs' | 'site'> &
  AdmitTransferDeps &
  NoteInitiatorContactDeps &
  ReceiveCreateJobDeps &
  ReceiveJobStatusDeps &
  ReceiveJobStopDeps &
  ReceivePartyStopDeps &
  TransferDeps &
  ReceiveJobStartDeps &
  ReceiveResourceApplyDeps &
  ReceiveResourceReturnDeps &
  ReceiveTaskReportDeps &
  ReceiveTaskStartDeps &
  ReceiveTaskStopDeps &
  ReceiveModelDeployDeps &
  ReceiveModelCheckDeps &
  ReceiveModelInferDeps;
