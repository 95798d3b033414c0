import type { TaskRecord } from '../../domain/records/task-record.js';
import { combinePartyTaskStatuses } from '../../domain/status/multi-party.js';

/**
 * A task cut short because its party's site shut down is not a failure: it ends `canceled` with an
 * error report starting with this, travels to the initiator as any report does, and the component
 * runs again in a new version without spending one of the job's `auto_retries`.
 */
export const INTERRUPTION_PREFIX = 'interrupted: ';

export function interruptionReport(partyId: number): string {
  return `${INTERRUPTION_PREFIX}party ${partyId} shut down while the task ran`;
}

export function isInterruption(task: TaskRecord): boolean {
  return task.partyStatus === 'canceled' && (task.errorReport ?? '').startsWith(INTERRUPTION_PREFIX);
}

/**
 * One version of a component, at every party: interrupted when it ended canceled as a whole (no
 * party failed or timed out) and a party's cancel was an interruption — the other parties' copies
 * are then canceled by the initiator's stop, without the report.
 */
export function wasInterrupted(holders: readonly TaskRecord[]): boolean {
  if (holders.length === 0) return false;
  if (combinePartyTaskStatuses(holders.map((t) => t.partyStatus)) !== 'canceled') return false;
  return holders.some(isInterruption);
}

/**
 * The retries a component has spent before `version` (FATE's auto-rerun count): each earlier
 * version but those that were interrupted.
 */
export function retriesSpent(tasks: readonly TaskRecord[], component: string, version: number): number {
  let spent = 0;
  for (let earlier = 0; earlier < version; earlier += 1) {
    const holders = tasks.filter((t) => t.component === component && t.taskVersion === earlier);
    if (!wasInterrupted(holders)) spent += 1;
  }
  return spent;
}
