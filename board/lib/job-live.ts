import { isFinal } from './status.js';

/** How long after its end a job's tasks are still read: the other parties' last reports arrive a moment later. */
export const SETTLE_MS = 15_000;

/** Every record of the job at this site (one per role it plays) has a final status. */
export function recordsEnded(records: readonly { readonly f_status: string }[]): boolean {
  return records.length > 0 && records.every((record) => isFinal(record.f_status));
}

/**
 * Whether a job page keeps polling: until the job has ended and every task shows a final status,
 * and for SETTLE_MS after the job's end at most (a party that never reports does not keep the page
 * polling for ever).
 */
export function stillLive(
  records: readonly { readonly f_status: string; readonly f_end_time: number | null }[],
  tasks: readonly { readonly f_party_status: string }[],
  now: number,
): boolean {
  if (!recordsEnded(records)) return true;
  const endedAt = Math.max(...records.map((record) => record.f_end_time ?? 0));
  return !tasks.every((task) => isFinal(task.f_party_status)) && now - endedAt < SETTLE_MS;
}
