import type { JsonObject } from '../job/deep-merge.js';
import type { PartyRef, Role, RoleParties } from '../job/roles.js';

/** One model output of a component at a party: where its content sits in the object store. */
export interface ComponentModelOutput {
  /** Object-store key of the model's JSON (FATE's meta + param). */
  readonly location: string;
  readonly meta: Readonly<Record<string, unknown>>;
}

/** A component of the training DSL as the party's pipelined model keeps it. */
export interface PipelinedComponent {
  readonly module: string;
  /** Whether the component ran at this party in training (FATE's need_run: an arbiter has no DataTransform). */
  readonly ranHere: boolean;
  /** Its model outputs at this party, by output name (empty when it wrote none here). */
  readonly models: Readonly<Record<string, ComponentModelOutput>>;
}

/**
 * FATE's pipelined model at one party (`model_local_cache/<role>#<party>#<model_id>/<version>`):
 * the training DSL and confs, the inference DSL a predict job runs, and each component's model. A
 * training job's model version is its job id (parent: true); `model deploy` makes a child version
 * (parent: false) with its own inference DSL, pointing at the same component models, which are
 * never rewritten.
 */
export interface PipelinedModel {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly role: Role;
  readonly partyId: number;
  readonly initiator: PartyRef;
  readonly roles: RoleParties;
  /** The training job that produced the component models. */
  readonly jobId: string;
  readonly parent: boolean;
  /** A deployed (child) or migrated version: the version it was made from. */
  readonly parentInfo?: { readonly modelId: string; readonly modelVersion: string };
  readonly trainDsl: JsonObject;
  readonly trainRuntimeConf: JsonObject;
  /** The predict DSL (FATE's inference_dsl); empty components for a training version not yet deployed. */
  readonly inferenceDsl: JsonObject;
  readonly components: Readonly<Record<string, PipelinedComponent>>;
  /** Imported from an archive (`model import`) rather than trained or deployed here. */
  readonly imported: boolean;
  readonly createTime: number;
}

/** FATE's party model id: `<role>#<party_id>#<model_id>`. */
export function partyModelId(model: {
  readonly modelId: string;
  readonly role: Role;
  readonly partyId: number;
}): string {
  return `${model.role}#${model.partyId}#${model.modelId}`;
}

/** A service id bound to a deployed model version at this site (FATE's `model bind`, for online inference). */
export interface ServiceBinding {
  readonly serviceId: string;
  readonly modelId: string;
  readonly modelVersion: string;
  readonly role: Role;
  readonly partyId: number;
  readonly bindTime: number;
  /**
   * A host's binding: the table its features are read from, by id, when the guest asks for its part
   * of a score (a guest's binding has none: its features come with each request).
   */
  readonly table?: { readonly namespace: string; readonly name: string };
}
