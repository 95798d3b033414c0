import type { JsonObject } from '../job/deep-merge.js';
import type { PartyRef } from '../job/roles.js';
import type { JobStatus, TaskStatus } from '../status/statuses.js';

/** The end statuses a stop may set (FATE's `stop/<status>`). */
export type StopStatus = 'canceled' | 'failed' | 'timeout';

/**
 * A value handed between parties' components. Receivers take `inline` only: a large value travels
 * as numbered inline parts (domain/federation/transfer-parts.ts); `object` is kept on the wire for a
 * later object-store path and refused today.
 */
export type TransferPayload =
  | { readonly kind: 'inline'; readonly base64: string }
  | { readonly kind: 'object'; readonly key: string; readonly size: number; readonly sha256: string };

/**
 * FATE-Flow's inter-party commands (reference §6) as typed messages. The Federation issue gives
 * them a protobuf wire form and signatures; here they are what sites say to each other.
 */
export interface CommandBodies {
  /** Create the job at the destination party: it validates, checks grants and limits, stores it waiting. */
  'job.create': {
    readonly dsl: JsonObject;
    readonly runtimeConf: JsonObject;
    readonly createTime: number;
  };
  /** Hold the job's resources at the party (its own demand, from its own plan). */
  'job.resource.apply': Record<string, never>;
  /** Give back what `job.resource.apply` took; nothing if nothing is held. */
  'job.resource.return': Record<string, never>;
  /** The job runs: the party moves it to running. */
  'job.start': { readonly startTime: number };
  /** The initiator's job status, to be mirrored by the party; `rerun` lets an ended job go back to waiting. */
  'job.status': { readonly status: JobStatus; readonly tag?: string; readonly rerun?: boolean };
  /** Stop the job at the party with this end status (kills its tasks); `tag` says why. */
  'job.stop': { readonly status: StopStatus; readonly tag?: string };
  /**
   * From a party to the initiator: the party's operator stopped its part (or the party ended it
   * because the initiator went silent); the initiator stops the job at every party. `tag` says why.
   */
  'job.party.stop': { readonly status: StopStatus; readonly tag?: string };
  /** Remove the job's intermediate data at the party. */
  'job.clean': Record<string, never>;
  /** Run one component's task (in this version) at the party. */
  'task.start': { readonly component: string; readonly taskVersion: number };
  /** Stop one component's task at the party. */
  'task.stop': { readonly component: string; readonly taskVersion: number; readonly status: StopStatus };
  /** A party's task status, pushed to the initiator (FATE's PUSH report), with its error report. */
  'task.report': {
    readonly component: string;
    readonly taskVersion: number;
    readonly partyStatus: TaskStatus;
    readonly startTime?: number;
    readonly endTime?: number;
    readonly elapsed?: number;
    readonly errorReport?: string;
  };
  /**
   * FATE's deploy at one party: a new version (`childModelVersion`) of the party's model of this
   * training job (the message's job id is its model version) with this inference DSL.
   */
  'model.deploy': { readonly modelId: string; readonly childModelVersion: string; readonly inferenceDsl: JsonObject };
  /**
   * Before a predict job is stored anywhere: does the party hold this deployed model with every
   * `pipeline.*` model the DSL reads? The message's job id is the model's training job.
   */
  'model.check': { readonly modelId: string; readonly modelVersion: string; readonly predictDsl: JsonObject };
  /**
   * Online inference: the guest asks a host for its part of the score (w_host·x_host) of each record,
   * the host reading its features from the table bound to `serviceId` by the id each record names
   * (FATE-Serving's sendToRemoteFeatureData). The message's job id is the model's training job.
   * The host answers `{results: [{score} | {retcode, retmsg}]}`, one per record, in order.
   */
  'model.infer': {
    readonly modelId: string;
    readonly modelVersion: string;
    readonly serviceId: string;
    readonly records: readonly Readonly<Record<string, string>>[];
  };
  /** Data plane: a component's value for a peer component (`remote(tag, to)` / `get(tag, from)`). */
  transfer: { readonly tag: string; readonly payload: TransferPayload };
}

export type CommandName = keyof CommandBodies;

export interface FederatedMessage<C extends CommandName = CommandName> {
  readonly command: C;
  readonly jobId: string;
  /** The sender, in the role it plays in this job. */
  readonly src: PartyRef;
  /** The addressee, in the role it plays in this job. */
  readonly dest: PartyRef;
  readonly body: CommandBodies[C];
}

/** FATE's reply shape: retcode 0 is success; `data` is command-specific. */
export interface PeerReply {
  readonly retcode: number;
  readonly retmsg: string;
  readonly data?: unknown;
}

/** Sends one command to one party. Never throws for a party's refusal: that is a reply. */
export interface PeerClient {
  call<C extends CommandName>(message: FederatedMessage<C>): Promise<PeerReply>;
  /**
   * Starts what a first call to `dest` would otherwise wait for (code to load, a key to be
   * certified, the party's registry entry) and returns at once. Never throws: a failure is the
   * first call's to report. A client with nothing to get ready leaves it out.
   */
  prepare?(dest: PartyRef): void;
}

/** The receiving side of a site: what the federation endpoint hands each verified message to. */
export interface FederationReceiver {
  /**
   * Read-only checks of an authenticated, permitted message against this site's state, before
   * anything of it is recorded: throws an AppError to refuse it, so a refusal changes nothing.
   */
  admit(message: FederatedMessage): Promise<void>;
  receive(message: FederatedMessage): Promise<PeerReply>;
}
