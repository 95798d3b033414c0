import type { JobType, ResolvedJobParameters } from '../job/job-parameters.js';
import type { Role, RoleParties } from '../job/roles.js';
import type { ResourceDemand } from './resources.js';

/** What one party runs for one component. */
export interface TaskPlan {
  readonly component: string;
  readonly module: string;
  /** false: the party skips the component (party status `pass`), from `need_run: false` or role support. */
  readonly needRun: boolean;
  /** `name@version` chosen by conf or DSL, or null for the site's default provider. */
  readonly provider: string | null;
  /** The party's merged component parameters (common, then role sections), without `need_run`. */
  readonly parameters: Readonly<Record<string, unknown>>;
}

export interface PartyPlan {
  readonly role: Role;
  readonly partyId: number;
  /** Position of the party in the conf's `role.<role>` list. */
  readonly index: number;
  readonly jobParameters: ResolvedJobParameters;
  readonly resources: ResourceDemand;
  /** In DSL order. */
  readonly tasks: readonly TaskPlan[];
}

export interface ComponentPlan {
  readonly name: string;
  readonly module: string;
  readonly stage: number;
  readonly upstream: readonly string[];
  readonly downstream: readonly string[];
}

/** A validated job: everything the scheduler needs, computed once at submit. */
export interface JobPlan {
  readonly jobType: JobType;
  readonly initiator: { readonly role: Role; readonly partyId: number };
  readonly roles: RoleParties;
  /** Topological stages; each an array of component names, DSL order within a stage. */
  readonly stages: readonly (readonly string[])[];
  readonly components: readonly ComponentPlan[];
  readonly parties: readonly PartyPlan[];
  /** Train: model_id from the roles (model_version is the job id, known at submit). Predict: as given. */
  readonly modelInfo: { readonly modelId: string; readonly modelVersion: string | null };
  /** Modules the component catalog does not know (allowed unless validation is strict). */
  readonly unknownModules: readonly string[];
  readonly warnings: readonly string[];
}
