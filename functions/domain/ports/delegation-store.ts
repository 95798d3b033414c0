import type { TaskKey } from '../records/task-record.js';

/**
 * One launched task's claim to a delegated signing key (domain/signing/delegation.ts): the hash of
 * the one-time ticket its launcher handed it, the worker it was launched as, and — once the runner
 * has presented the ticket — the ephemeral public key it registered. Only the site's own functions
 * write these (runners cannot: their role has no write on this partition).
 */
export interface DelegationRecord {
  readonly task: TaskKey;
  readonly workerId: string;
  /** Hex SHA-256 of the ticket; the ticket itself is never stored. */
  readonly ticketHash: string;
  /** The runner's `whpk_` key, bound by the first redemption of the ticket. */
  readonly publicKey?: string;
  /** Epoch milliseconds. */
  readonly createTime: number;
}

export interface DelegationStore {
  /** Records a launch's ticket, replacing any earlier one of the task (a relaunch starts over). */
  putTicket(record: Omit<DelegationRecord, 'publicKey'>, expiresAt: number): Promise<void>;
  getDelegation(task: TaskKey): Promise<DelegationRecord | undefined>;
  /**
   * Binds the runner's key to the launch of `workerId`: 'bound' the first time, 'same' when that
   * key is bound already, 'refused' when another key is, or the record is of another launch.
   */
  bindKey(task: TaskKey, workerId: string, publicKey: string): Promise<'bound' | 'same' | 'refused'>;
}
