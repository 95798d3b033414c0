import type { JsonObject } from '../job/deep-merge.js';
import type { PartyRef } from '../job/roles.js';
import type { JobStatus } from '../status/statuses.js';

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
  /** The initiator's job status, to be mirrored by the party. */
  'job.status': { readonly status: JobStatus; readonly tag?: string };
  /** Stop the job at the party with this end status (kills its tasks). */
  'job.stop': { readonly status: 'canceled' | 'failed' | 'timeout' };
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
}

/** The receiving side of a site: what the federation endpoint hands each verified message to. */
export interface FederationReceiver {
  receive(message: FederatedMessage): Promise<PeerReply>;
}
