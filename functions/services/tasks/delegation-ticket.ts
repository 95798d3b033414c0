import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DelegationStore } from '../../domain/ports/delegation-store.js';
import type { TaskKey } from '../../domain/records/task-record.js';

/** A launch's ticket is redeemed within seconds of the runner's start; the record outlives any task. */
export const DELEGATION_RECORD_MS = 30 * 24 * 3600 * 1000;

export const ticketHash = (ticket: string): string => createHash('sha256').update(ticket, 'utf8').digest('hex');

/** Whether `ticket` is the one whose hash was stored, compared in constant time. */
export function ticketMatches(ticket: string, storedHash: string): boolean {
  const given = Buffer.from(ticketHash(ticket), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/**
 * A fresh one-time ticket for the launch of `task` as `workerId`, its hash stored before the
 * launch. The launcher hands the ticket to the runner (its environment); the runner redeems it
 * once, binding its own ephemeral key (delegate-task.ts), after which the ticket is worth nothing:
 * it may show in the ECS API, the runner's private key never does.
 */
export async function issueDelegationTicket(
  delegations: DelegationStore,
  task: TaskKey,
  workerId: string,
  clock: () => number,
): Promise<string> {
  const ticket = randomBytes(32).toString('base64url');
  const now = clock();
  await delegations.putTicket(
    { task, workerId, ticketHash: ticketHash(ticket), createTime: now },
    now + DELEGATION_RECORD_MS,
  );
  return ticket;
}
