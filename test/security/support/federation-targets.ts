import type { Loose } from './hostile-json.js';

/** What the receiving site holds, so that envelopes name real jobs and parties. */
export interface FederationTargets {
  /** A job the receiver initiated, in which the sender is a party (host and arbiter). */
  readonly jobId: string;
  /** Ids the sender's own jobs get when its creates are accepted. */
  readonly peerJobIds: readonly string[];
  readonly components: readonly string[];
  readonly sender: number;
  readonly receiver: number;
  /** A DSL and conf the sender may create at the receiver (the sender is their initiator). */
  readonly peerJob: { readonly dsl: Loose; readonly conf: Loose };
}
