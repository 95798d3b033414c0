/**
 * What each Lambda entry needs, as the union of the use cases it runs: a composition root builds
 * exactly this for the entry, and the stack grants the entry what these ports use. TypeScript
 * checks each entry against it (the routes table is typed with ApiDeps, the handlers take their
 * use cases' deps).
 *
 * A message an entry sends to a role this same site plays goes through its `peers` like any other
 * (adapters/peers/loopback-peer-client.ts): in AWS it is an invocation of the federation function
 * (adapters/peers/invoked-federation-receiver.ts), so only FederationDeps include the receiver's
 * ports and only the federation function launches runners; the local site, one process playing
 * every entry, runs the receiver in-process. The `delegation` and `runnerOutbox` entries call no
 * use case of these: their compositions declare their own few ports.
 */
import type { BindTableDeps } from './data/bind-table.js';
import type { CompleteUploadDeps, PresignUploadDeps } from './data/presigned-upload.js';
import type { UploadTableDeps } from './data/upload-table.js';
import type { DetectDeps } from './detector/detect.js';
import type { FederationReceiverDeps } from './federation/receiver-deps.js';
import type { InferDeps } from './inference/infer.js';
import type { CleanJobDeps } from './jobs/clean-job.js';
import type { FateJobConfigDeps } from './jobs/job-config.js';
import type { JobLogArchiveDeps } from './jobs/job-log-archive.js';
import type { RerunJobDeps } from './jobs/rerun-job.js';
import type { StopJobDeps } from './jobs/stop-job.js';
import type { SubmitJobDeps } from './jobs/submit-job.js';
import type { CheckpointDeps } from './models/checkpoints.js';
import type { DeployModelDeps } from './models/deploy-model.js';
import type { MigrateModelDeps } from './models/migrate-model.js';
import type { ExportModelDeps, ImportModelDeps } from './models/model-archive.js';
import type { BindModelDeps, LoadModelDeps } from './models/serve-model.js';
import type { ReturnJobResourcesDeps } from './scheduling/receive-resources.js';
import type { ScheduleWaitingJobsDeps } from './scheduling/schedule-waiting-jobs.js';
import type { SiteServices } from './site-services.js';
import type { StepHandlersDeps } from './steps/step-handlers.js';
import type { ReportTaskDeps } from './tasks/report-task.js';
import type { TaskExitedDeps } from './tasks/task-exited.js';
import type {
  ComponentOutputDataDeps,
  ComponentOutputModelDeps,
  OutputDataArchiveDeps,
} from './tracking/component-outputs.js';
import type { DataViewDeps } from './tracking/data-view.js';

/**
 * The user API (`lambda/api.ts`): the ports its route tables read directly (tables, jobs,
 * permissions, the pool, the party registry and keys, tracking) and the use cases they call.
 */
export type ApiDeps = Pick<
  SiteServices,
  | 'clock'
  | 'jobs'
  | 'objects'
  | 'parties'
  | 'permissions'
  | 'resources'
  | 'signingKeys'
  | 'site'
  | 'tables'
  | 'tracking'
> &
  SubmitJobDeps &
  StopJobDeps &
  RerunJobDeps &
  FateJobConfigDeps &
  PresignUploadDeps &
  CompleteUploadDeps &
  UploadTableDeps &
  OutputDataArchiveDeps &
  ComponentOutputDataDeps &
  ComponentOutputModelDeps &
  JobLogArchiveDeps &
  DataViewDeps &
  CleanJobDeps &
  ReturnJobResourcesDeps &
  BindTableDeps &
  DeployModelDeps &
  LoadModelDeps &
  BindModelDeps &
  MigrateModelDeps &
  ExportModelDeps &
  ImportModelDeps &
  CheckpointDeps;

/** The federation endpoint (`lambda/federation.ts`): the receiver behind the delivery checks. */
export type FederationDeps = FederationReceiverDeps;

/**
 * Online inference (`lambda/inference.ts`), FATE-Serving's guest routes: the service binding, the
 * guest's model (its store item, its component models) and the signed calls to the hosts.
 */
export type InferenceEntryDeps = InferDeps;

/** The workflow's step Lambdas (`lambda/steps.ts`). */
export type StepsDeps = StepHandlersDeps;

/**
 * The scheduler (`lambda/scheduler.ts`); the registry too, where its cold start registers the
 * stack's peers (it is the entry run every minute).
 */
export type SchedulerDeps = ScheduleWaitingJobsDeps & Pick<SiteServices, 'parties'>;

/** The detector's sweep (`lambda/detector.ts`). */
export type DetectorDeps = DetectDeps;

/**
 * Task exits (`lambda/task-exits.ts`): ECS's stop events and the runner's TaskEnded; it reads
 * the task and this site's party before it reports or settles the exit.
 */
export type TaskExitDeps = Pick<SiteServices, 'jobs' | 'site'> & ReportTaskDeps & TaskExitedDeps;
