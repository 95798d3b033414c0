/**
 * The site's side of a runner's delegated key (domain/signing/delegation.ts): a short-lived
 * certificate, signed with the site's keys, that lets the runner of one running task sign that
 * task's `transfer`s with a key of its own. The runner proves which launch it is by the one-time
 * ticket its launcher gave it; the first redemption binds its public key, and later requests (the
 * renewals a long task needs) are answered only for that same key while the task still runs.
 */
import { PermissionError } from '../../domain/errors.js';
import type { DelegationStore } from '../../domain/ports/delegation-store.js';
import type { JobStore } from '../../domain/ports/job-store.js';
import { describeTask, type TaskKey, taskKeyOf } from '../../domain/records/task-record.js';
import { DELEGATION_LIFETIME_SECONDS, issueDelegation } from '../../domain/signing/delegation.js';
import { parsePublicKey } from '../../domain/signing/keys.js';
import { ticketMatches } from '../tasks/delegation-ticket.js';

export interface DelegationRequest {
  readonly task: TaskKey;
  /** The runner's ephemeral `whpk_` key. */
  readonly publicKey: string;
  /** The launch's ticket: needed until a key is bound, ignored after. */
  readonly ticket?: string;
}

export interface Delegation {
  readonly certificate: string;
  /** Unix seconds. */
  readonly notAfter: number;
}

export interface DelegateTaskDeps {
  /** The party this site serves: it delegates only for its own tasks. */
  readonly partyId: number;
  readonly jobs: Pick<JobStore, 'getTask'>;
  readonly delegations: DelegationStore;
  /** The site's `whsk_` keys (every one signs, as for webhooks). */
  readonly signingKeys: () => Promise<readonly string[]>;
  /** Epoch milliseconds. */
  readonly clock: () => number;
}

/** Throws PermissionError (nothing written) for any request that is not the running task's own. */
export async function delegateTask(deps: DelegateTaskDeps, request: DelegationRequest): Promise<Delegation> {
  const { task, publicKey } = request;
  parsePublicKey(publicKey);
  if (task.partyId !== deps.partyId) {
    throw new PermissionError(
      `party ${deps.partyId} delegates keys for its own tasks only, not party ${task.partyId}'s`,
    );
  }
  const [record, stored] = await Promise.all([deps.delegations.getDelegation(task), deps.jobs.getTask(task)]);
  if (record === undefined)
    throw new PermissionError(`${describeTask(task)} was not launched with a delegation ticket`);
  if (stored?.partyStatus !== 'running' || stored.workerId !== record.workerId) {
    throw new PermissionError(`${describeTask(task)} is not running as the worker its ticket was issued to`);
  }
  if (record.publicKey === undefined) {
    if (request.ticket === undefined || !ticketMatches(request.ticket, record.ticketHash)) {
      throw new PermissionError(`${describeTask(task)}: the ticket is not the one its launch was given`);
    }
    const bound = await deps.delegations.bindKey(task, record.workerId, publicKey);
    if (bound === 'refused') throw new PermissionError(`${describeTask(task)} has another key bound already`);
  } else if (record.publicKey !== publicKey) {
    throw new PermissionError(`${describeTask(task)} has another key bound already`);
  }
  const issuedAt = Math.floor(deps.clock() / 1000);
  const notAfter = issuedAt + DELEGATION_LIFETIME_SECONDS;
  const certificate = issueDelegation({ ...taskKeyOf(task), publicKey, issuedAt, notAfter }, await deps.signingKeys());
  return { certificate, notAfter };
}
