import type { JsonObject } from '../job/deep-merge.js';
import type { JobType } from '../job/job-parameters.js';
import type { Role, RoleParties } from '../job/roles.js';
import type { JobStatus } from '../status/statuses.js';

/**
 * One party's view of a job, as a site stores it: FATE's `t_job` row keyed by (job_id, role,
 * party_id). A site keeps one per role it plays in the job (host and arbiter may be the same
 * party). Times are epoch milliseconds.
 */
export interface JobRecord {
  readonly jobId: string;
  readonly role: Role;
  readonly partyId: number;
  readonly initiatorRole: Role;
  readonly initiatorPartyId: number;
  /** This record is the initiator's own (it drives scheduling). */
  readonly isInitiator: boolean;
  readonly status: JobStatus;
  readonly jobType: JobType;
  readonly roles: RoleParties;
  /** The DSL and runtime conf exactly as submitted. */
  readonly dsl: JsonObject;
  readonly runtimeConf: JsonObject;
  /** The runtime conf with this party's resolved job parameters (FATE's runtime_conf_on_party). */
  readonly runtimeConfOnParty: JsonObject;
  /** For predict jobs, the training job's runtime conf; empty for training jobs. */
  readonly trainRuntimeConf: JsonObject;
  readonly stages: readonly (readonly string[])[];
  readonly modelId: string;
  readonly modelVersion: string;
  readonly description: string;
  /** 0–100, only ever increases. */
  readonly progress: number;
  /** '' or FATE's tags: 'submit_failed', 'job_end', 'start timeout' … */
  readonly tag: string;
  readonly cancelSignal: boolean;
  readonly rerunSignal: boolean;
  /** Larger runs first among waiting jobs; then the oldest. */
  readonly priority: number;
  /** Cores and memory this job holds at this party while running (FATE's job amount). */
  readonly cores: number;
  readonly memory: number;
  readonly resourceInUse: boolean;
  /** How many workflow executions the job has had: 1 after its first start, +1 per rerun. */
  readonly runCount: number;
  /**
   * Initiator only: since when some party of the running job has not answered the detector's
   * check (unset while all answer). Past the detector's limit the job fails.
   */
  readonly peersSilentSince?: number;
  /**
   * Initiator only: every party acknowledged the job's end (or the detector gave up re-sending
   * it). Until then the detector keeps the ended job on its watch list. A rerun clears it.
   */
  readonly endSynced?: boolean;
  /**
   * At a party that did not initiate the job: when a control message from the job's initiator last
   * reached this record (kept to within a few seconds). The detector ends the party's part of a
   * job whose initiator has been silent past its limit.
   */
  readonly initiatorSeenAt?: number;
  readonly createTime: number;
  readonly updateTime: number;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly elapsed?: number;
}

/** Identifies one job record. */
export interface JobKey {
  readonly jobId: string;
  readonly role: Role;
  readonly partyId: number;
}

export const jobKeyOf = (job: JobKey): JobKey => ({ jobId: job.jobId, role: job.role, partyId: job.partyId });
