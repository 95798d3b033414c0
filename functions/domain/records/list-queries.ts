import type { JobListQuery, TaskFilter } from '../ports/job-store.js';
import type { JobRecord } from './job-record.js';
import type { TaskRecord } from './task-record.js';

/** What a job list is filtered on: the fields a store keeps of every job for listing. */
export type ListedJob = Pick<JobRecord, 'jobId' | 'role' | 'partyId' | 'status' | 'description'>;

/**
 * `job list`'s filter, as every JobStore applies it: roles and statuses only when some are given,
 * text filters case-insensitive substring matches (FATE's `contains`).
 */
export function jobListMatcher(query: JobListQuery): (job: ListedJob) => boolean {
  const jobIdNeedle = query.jobIdContains?.toLowerCase();
  const descriptionNeedle = query.descriptionContains?.toLowerCase();
  const roles = query.roles !== undefined && query.roles.length > 0 ? query.roles : undefined;
  const statuses = query.statuses !== undefined && query.statuses.length > 0 ? query.statuses : undefined;
  return (job) =>
    (query.partyId === undefined || job.partyId === query.partyId) &&
    (roles === undefined || roles.includes(job.role)) &&
    (statuses === undefined || statuses.includes(job.status)) &&
    (jobIdNeedle === undefined || job.jobId.toLowerCase().includes(jobIdNeedle)) &&
    (descriptionNeedle === undefined || job.description.toLowerCase().includes(descriptionNeedle));
}

/** The query's page of the matching jobs (1-based; a limit or page below 1 counts as 1). */
export function jobListPage<T>(matching: readonly T[], query: JobListQuery): T[] {
  const limit = Math.max(1, Math.trunc(query.limit));
  const page = Math.max(1, Math.trunc(query.page));
  return matching.slice((page - 1) * limit, page * limit);
}

/** A task list's filter on component, role and party (versions: latestVersionsOnly). */
export function taskFilterMatcher(filter: TaskFilter): (task: TaskRecord) => boolean {
  return (task) =>
    (filter.component === undefined || task.component === filter.component) &&
    (filter.role === undefined || task.role === filter.role) &&
    (filter.partyId === undefined || task.partyId === filter.partyId);
}

/** Of each (component, role, party), only its newest version's task. */
export function latestVersionsOnly(tasks: readonly TaskRecord[]): TaskRecord[] {
  const id = (task: TaskRecord): string => JSON.stringify([task.component, task.role, task.partyId]);
  const latest = new Map<string, number>();
  for (const task of tasks) latest.set(id(task), Math.max(latest.get(id(task)) ?? -1, task.taskVersion));
  return tasks.filter((task) => latest.get(id(task)) === task.taskVersion);
}
